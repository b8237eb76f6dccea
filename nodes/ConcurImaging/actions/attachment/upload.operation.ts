import { parseImageLink } from '../../api/responses';
import { binaryPropertyField, callOptions, maxFileSizeOption, optionsCollection } from '../fields';
import { readCheckedFile, uploadOutput } from '../inputFile';
import { sendOnce, skipAlreadySentOptions } from '../sendOnce';
import type { OperationModule } from '../types';
import { attachmentOption } from './option';
import type { AttachmentSpec } from './specs';
import { imagePathOf, targetIdField, targetIdOf } from './target';

/** POST /api/image/v1.0/<segment>/<id> with the checked file as the raw body (201 documented, 200 also read). */
export const uploadOperation = (spec: AttachmentSpec): OperationModule => ({
	option: attachmentOption(spec, 'upload'),
	fields: [
		targetIdField(spec),
		binaryPropertyField(),
		optionsCollection([maxFileSizeOption, ...skipAlreadySentOptions, ...callOptions]),
	],
	sendsFiles: true,
	async execute(context) {
		const id = targetIdOf(context, spec);
		const file = await readCheckedFile(context);
		return await sendOnce(
			context,
			file,
			{ resource: spec.resource, targetId: id.raw },
			async () => {
				const response = await context.client.request(
					context.itemIndex,
					{
						method: 'POST',
						path: imagePathOf(spec, id),
						body: file.bytes,
						contentType: file.mimeType,
						repeatable: false,
					},
					{ target: spec.label, id: id.raw, action: 'upload' },
				);
				const link = parseImageLink(response.body, response.contentType);
				return uploadOutput(context, file, {
					id: link.id ?? id.raw,
					resource: spec.resource,
					targetId: id.raw,
				});
			},
		);
	},
});
