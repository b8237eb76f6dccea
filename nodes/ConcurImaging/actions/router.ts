import type { Operation } from './shared';
import * as expenseEntry from './expenseEntry/upload';
import * as expenseEntryGet from './expenseEntry/get';
import * as invoice from './invoice/upload';
import * as invoiceGet from './invoice/get';
import * as report from './report/upload';
import * as reportGet from './report/get';
import { append } from './receipt/append';
import { remove } from './receipt/delete';
import { get } from './receipt/get';
import { getMany } from './receipt/getMany';
import { upload } from './receipt/upload';
import { validate } from './file/validate';

/** resource → operation → implementation; the parameter values are the public contract of saved workflows. */
export const OPERATIONS: Record<string, Record<string, Operation>> = {
	receipt: { upload, get, getMany, append, delete: remove },
	expenseEntry: { upload: expenseEntry.upload, get: expenseEntryGet.get },
	report: { upload: report.upload, get: reportGet.get },
	invoice: { upload: invoice.upload, get: invoiceGet.get },
	file: { validate },
};

/** Resources that talk to Concur (and so need a credential). */
export const needsConcur = (resource: string) => resource !== 'file';
