import { callOptions, downloadFields, fileNameOption, optionsCollection } from '../fields';
import { getImage } from '../imageGet';
import type { OperationModule } from '../types';
import { attachmentOption } from './option';
import type { AttachmentSpec } from './specs';
import { imageTargetOf, targetIdField, targetIdOf } from './target';

/** GET /api/image/v1.0/<segment>/<id>: the short-lived URL, downloaded unless Download is off. */
export const getOperation = (spec: AttachmentSpec): OperationModule => ({
	option: attachmentOption(spec, 'get'),
	fields: [
		targetIdField(spec),
		...downloadFields,
		optionsCollection([fileNameOption, ...callOptions]),
	],
	async execute(context) {
		return await getImage(context, imageTargetOf(spec, targetIdOf(context, spec)));
	},
});
