import type { Operation } from '../shared';
import { EXPENSE_ENTRY, getImageV1 } from '../imageV1';

export const get: Operation = async (context) => await getImageV1(context, EXPENSE_ENTRY);
