import type { Operation } from '../shared';
import { EXPENSE_ENTRY, uploadImageV1 } from '../imageV1';

export const upload: Operation = async (context) => await uploadImageV1(context, EXPENSE_ENTRY);
