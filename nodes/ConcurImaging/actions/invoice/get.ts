import type { Operation } from '../shared';
import { INVOICE, getImageV1 } from '../imageV1';

export const get: Operation = async (context) => await getImageV1(context, INVOICE);
