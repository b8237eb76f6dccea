/** Where Concur's image APIs live on the API host (ids are appended, encoded, by the operations). */
export const IMAGE_V1 = '/api/image/v1.0';
export const RECEIPT_IMAGES_V3 = '/api/v3.0/expense/receiptimages';
/** The v3 listing APIs (Reports, Expense Entries, Payment Request Digests). */
export const REPORTS_V3 = '/api/v3.0/expense/reports';
export const ENTRIES_V3 = '/api/v3.0/expense/entries';
export const PAYMENT_REQUEST_DIGESTS_V3 = '/api/v3.0/invoice/paymentrequestdigests';
/** The v4 APIs: users by UUID in the path, JSON answers. */
export const QUICK_EXPENSE_V4_USERS = '/quickexpense/v4/users';
export const SPEND_DOCUMENTS_V4_RECEIPTS = '/spend-documents/v4/receipts';
export const RECEIPTS_V4 = '/receipts/v4';
export const IDENTITY_V4_USERS = '/profile/identity/v4/Users';
