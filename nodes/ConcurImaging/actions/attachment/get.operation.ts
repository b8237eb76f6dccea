import { IMAGE_V1 } from '../../api/paths';
import { callOptions, downloadFields, fileNameOption, idField, optionsCollection } from '../fields';
import { getImage } from '../imageGet';
import { idParameter } from '../parameters';
import type { OperationModule } from '../types';
import type { AttachmentSpec } from './specs';

/** GET /api/image/v1.0/<segment>/<id>: the short-lived URL, downloaded unless Download is off. */
export const getOperation = (spec: AttachmentSpec): OperationModule => ({
	option: {
		name: 'Get',
		value: 'get',
		description: spec.getDescription,
		action: `Get the image of ${spec.withArticle}`,
	},
	fields: [
		idField(spec.idParameter, spec.idLabel, spec.idDescription, spec.idPlaceholder),
		...downloadFields,
		optionsCollection([fileNameOption, ...callOptions]),
	],
	async execute(context) {
		const id = idParameter(context, spec.idParameter, `${spec.label} ID`);
		return await getImage(context, {
			path: `${IMAGE_V1}/${spec.segment}/${id.encoded}`,
			resource: spec.resource,
			call: { target: spec.label, id: id.raw, action: 'get' },
		});
	},
});
