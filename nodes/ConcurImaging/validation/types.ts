// Public types of the validation module (re-exported by index.ts) and the internal detection record.

/** Problems make a file invalid for Concur. The codes are stable: flows route on them. */
export type ProblemCode = 'EMPTY_FILE' | 'FILE_TOO_LARGE' | 'UNSUPPORTED_TYPE' | 'ENCRYPTED_PDF' | 'CORRUPT_FILE';

/**
 * Warnings never make a file invalid; they explain something the user may want to fix.
 * - MIME_MISMATCH: the declared MIME type disagrees with the bytes (the detected type is what gets sent).
 * - EXTENSION_MISMATCH: the file name's extension disagrees with the bytes.
 * - PDF_HEADER_OFFSET: the PDF has extra bytes before its `%PDF-` header (readers accept up to 1024).
 * - PDF_XREF_REPAIRED: the PDF's startxref / Prev pointers are wrong; the index was found by scanning instead.
 */
export type WarningCode = 'MIME_MISMATCH' | 'EXTENSION_MISMATCH' | 'PDF_HEADER_OFFSET' | 'PDF_XREF_REPAIRED';

export interface ValidationIssue {
	code: string;
	message: string;
}

export interface ReceiptFileVerdict {
	/** True when `problems` is empty: Concur should accept the bytes as they are. */
	valid: boolean;
	/** The real type from the bytes ('application/pdf', 'image/png', 'image/jpeg', 'image/heic', ...), null if unknown. */
	detectedMimeType: string | null;
	/** 'pdf' | 'png' | 'jpg' | 'heic' | ..., null if unknown. */
	detectedExtension: string | null;
	/** Human name of what the file is: 'PDF document', 'HEIC photo (iPhone default format)', ... */
	detectedKind?: string;
	/** The declared MIME type as given (trimmed), null if none. */
	declaredMimeType: string | null;
	fileName: string | null;
	fileSize: number;
	/** Lower-case hex SHA-256 of the bytes; '' when computeSha256 is false. */
	sha256: string;
	problems: ValidationIssue[];
	warnings: ValidationIssue[];
}

export interface ValidateOptions {
	/** MIME type the file arrived with (n8n binary `mimeType`, an HTTP Content-Type, ...). */
	declaredMimeType?: string;
	/** File name the file arrived with; only its extension is compared with the content. */
	fileName?: string;
	/** Lower size cap in bytes. It can only lower CONCUR_MAX_FILE_BYTES, never raise it. */
	maxBytes?: number;
	/** Compute the SHA-256 of the bytes (default true). */
	computeSha256?: boolean;
}

/**
 * Internal: what sniffing found. `family` groups MIME variants that are the same thing for a user
 * ('heic' covers image/heic, image/heif and their sequences; 'zip' covers docx/xlsx/...).
 */
export interface Detection {
	family: string;
	mime: string | null;
	ext: string | null;
	kind: string;
	/** For ZIP-based formats: 'docx', 'xlsx', ... (more specific than `family`). */
	subtype?: string;
	/** Set when the bytes are a damaged variant of an accepted format (e.g. a JPEG without its SOI marker). */
	damaged?: CorruptReason;
	/** PDF only: position of `%PDF-` (0 unless junk precedes it). */
	pdfHeaderOffset?: number;
}

export type CorruptReason =
	| 'pdf-no-eof'
	| 'pdf-truncated'
	| 'pdf-no-startxref'
	| 'pdf-no-trailer'
	| 'pdf-no-root'
	| 'pdf-header-only'
	| 'pdf-no-header'
	| 'pdf-limit-sections'
	| 'pdf-limit-work'
	| 'pdf-limit-dict-size'
	| 'pdf-limit-depth'
	| 'pdf-limit-token'
	| 'pdf-limit-repair'
	| 'png-no-signature'
	| 'png-header-only'
	| 'png-no-ihdr'
	| 'png-bad-ihdr'
	| 'png-bad-chunk'
	| 'png-truncated'
	| 'png-no-idat'
	| 'png-no-plte'
	| 'jpeg-no-soi'
	| 'jpeg-header-only'
	| 'jpeg-bad-marker'
	| 'jpeg-no-frame'
	| 'jpeg-truncated';
