import type { Operation } from '../shared';
import { REPORT, getImageV1 } from '../imageV1';

export const get: Operation = async (context) => await getImageV1(context, REPORT);
