import type { INodeProperties } from 'n8n-workflow';

import { IMAGE_V1 } from '../../api/paths';
import { idField } from '../fields';
import type { ImageTarget } from '../imageGet';
import type { IdValue } from '../parameters';
import { idParameter } from '../parameters';
import type { ItemContext } from '../types';
import type { AttachmentSpec } from './specs';

/** The ID field of the object a spec row names (Expense Entry ID, Report ID, Invoice ID). */
export const targetIdField = (spec: AttachmentSpec): INodeProperties =>
	idField(spec.idParameter, spec.idLabel, spec.idDescription, spec.idPlaceholder);

/** The item's object ID, checked and encoded (INVALID_ID otherwise). */
export const targetIdOf = (context: ItemContext, spec: AttachmentSpec): IdValue =>
	idParameter(context, spec.idParameter, `${spec.label} ID`);

/** The object's image in Image v1: /api/image/v1.0/<segment>/<id>, GET to read it, POST to add to it. */
export const imagePathOf = (spec: AttachmentSpec, id: IdValue): string => `${IMAGE_V1}/${spec.segment}/${id.encoded}`;

/** What Get (and the trigger's Download Image) asks Image v1 for: the object's image link. */
export const imageTargetOf = (spec: AttachmentSpec, id: IdValue): ImageTarget => ({
	path: imagePathOf(spec, id),
	resource: spec.resource,
	call: { target: spec.label, id: id.raw, action: 'get' },
});
