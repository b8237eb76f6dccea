import type { Operation } from '../shared';
import { INVOICE, uploadImageV1 } from '../imageV1';

export const upload: Operation = async (context) => await uploadImageV1(context, INVOICE);
