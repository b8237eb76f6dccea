import type { INodeExecutionData } from 'n8n-workflow';

import { parseImageLink } from '../api/responses';
import type { OperationContext } from './shared';
import { getImage, idParameter, readCheckedFile, uploadResult, V1_BASE } from './shared';

/** The Image v1 objects an image is attached to, with the words the UI and errors use for them. */
export interface V1Target {
	/** Path segment of Image v1: expenseentry, report, invoice */
	segment: string;
	resource: string;
	idParameter: string;
	label: string;
}

/** POST /api/image/v1.0/<segment>/<id> with the checked file as the raw body (201 documented, 200 also read). */
export async function uploadImageV1(context: OperationContext, target: V1Target): Promise<INodeExecutionData[]> {
	const id = idParameter(context, target.idParameter, `${target.label} ID`);
	const file = await readCheckedFile(context);
	const response = await context.client.request(
		context.itemIndex,
		{
			method: 'POST',
			path: `${V1_BASE}/${target.segment}/${id.encoded}`,
			body: file.bytes,
			contentType: file.mimeType,
			repeatable: false,
		},
		{ target: target.label, id: id.raw, action: 'upload' },
	);
	const link = parseImageLink(response.body, String(response.headers['content-type'] ?? ''));
	return uploadResult(context, file, { id: link.id ?? id.raw, resource: target.resource, targetId: id.raw });
}

/** GET /api/image/v1.0/<segment>/<id>: the short-lived URL, downloaded unless Download is off. */
export async function getImageV1(context: OperationContext, target: V1Target): Promise<INodeExecutionData[]> {
	const id = idParameter(context, target.idParameter, `${target.label} ID`);
	return await getImage(context, {
		path: `${V1_BASE}/${target.segment}/${id.encoded}`,
		resource: target.resource,
		call: { target: target.label, id: id.raw, action: 'get' },
	});
}

export const EXPENSE_ENTRY: V1Target = {
	segment: 'expenseentry',
	resource: 'expenseEntry',
	idParameter: 'entryId',
	label: 'expense entry',
};
export const REPORT: V1Target = { segment: 'report', resource: 'report', idParameter: 'reportId', label: 'report' };
export const INVOICE: V1Target = { segment: 'invoice', resource: 'invoice', idParameter: 'invoiceId', label: 'invoice' };
