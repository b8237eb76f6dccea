import type { Operation } from '../shared';
import { REPORT, uploadImageV1 } from '../imageV1';

export const upload: Operation = async (context) => await uploadImageV1(context, REPORT);
