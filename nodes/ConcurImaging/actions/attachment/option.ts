import type { OperationModule } from '../types';
import type { AttachmentSpec } from './specs';

/**
 * Get's and Upload's entries in an attachment resource's Operation list. Both are worded from the spec row the same
 * way (the row's description for the operation, an action naming the object with its article), so both live here.
 */
export const attachmentOption = (spec: AttachmentSpec, operation: 'get' | 'upload'): OperationModule['option'] =>
	operation === 'get'
		? { name: 'Get', value: 'get', description: spec.getDescription, action: `Get the image of ${spec.withArticle}` }
		: { name: 'Upload', value: 'upload', description: spec.uploadDescription, action: `Upload an image to ${spec.withArticle}` };
