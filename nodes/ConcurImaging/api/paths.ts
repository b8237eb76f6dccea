/** Where Concur's image APIs live on the API host (ids are appended, encoded, by the operations). */
export const IMAGE_V1 = '/api/image/v1.0';
export const RECEIPT_IMAGES_V3 = '/api/v3.0/expense/receiptimages';
