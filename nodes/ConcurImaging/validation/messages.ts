// Messages for people who are not programmers: what is wrong, then what to do. One sentence of each where
// possible. Codes are the stable interface; the wording may improve over time.

import { FALLBACK_CANDIDATES, MAX_SECTIONS, WORK_PER_BYTE } from './pdf';
import { MAX_DEPTH, MAX_DICT_BYTES, MAX_KEYWORD_CHARS, MAX_NUMBER_CHARS } from './pdf-syntax';
import type { CorruptReason, Detection } from './types';

const ACCEPTED = 'Concur accepts only PDF, PNG and JPEG files';

export function emptyFile(): string {
	return 'The file is empty (0 bytes). The download, attachment or previous step probably failed: fetch the file again, then upload it.';
}

export function fileTooLarge(size: number, cap: number, isConcurCap: boolean): string {
	const limit = isConcurCap ? `Concur's limit of 10 MB (${groupDigits(cap)} bytes)` : `the limit of ${formatSize(cap)} set for this check`;
	const shown = formatSize(size) === formatSize(cap) ? `just over ${formatSize(cap)}` : formatSize(size);
	return (
		`The file is ${shown}${size >= 1024 ? ` (${groupDigits(size)} bytes)` : ''}, more than ${limit}. ` +
		'Make it smaller (compress the PDF or scan at a lower resolution, reduce the photo size, or split the document), then upload it again.'
	);
}

export function encryptedPdf(): string {
	return (
		'This PDF is encrypted (protected by a password or by restrictions on printing, copying or editing). ' +
		'Concur refuses encrypted PDFs, even ones that open without a password. Open it, remove the security ' +
		'(in Adobe Acrobat: File > Properties > Security > No Security) or print it to a new PDF, then upload that file.'
	);
}

const ADVICE: Record<string, string> = {
	heic: 'Convert it to JPEG (on an iPhone, Settings > Camera > Formats > Most Compatible makes new photos JPEG), then upload it again.',
	image: 'Convert it to JPEG or PNG (or save the scan as PDF), then upload it again.',
	svg: 'Export or print it as PDF or PNG, then upload it again.',
	html:
		'This often happens when a download link returns a sign-in or error page instead of the receipt. ' +
		'Download the receipt itself (PDF, PNG or JPEG) and upload it again.',
	xml: 'Upload the readable version instead: the PDF of the invoice, or the invoice printed to PDF.',
	document: 'Save or print it as PDF, then upload the PDF.',
	archive: 'Extract it and upload each receipt inside (PDF, PNG or JPEG) separately.',
	program:
		'A program is not a receipt: do not open it. Check that the right attachment was picked and upload the receipt itself (PDF, PNG or JPEG).',
	media: 'Upload a photo (JPEG) or a PDF of the receipt instead.',
};

const ADVICE_BY_FAMILY: Record<string, keyof typeof ADVICE> = {
	heic: 'heic',
	avif: 'image',
	gif: 'image',
	tiff: 'image',
	webp: 'image',
	bmp: 'image',
	ico: 'image',
	psd: 'image',
	jp2: 'image',
	jxl: 'image',
	cr3: 'image',
	svg: 'svg',
	html: 'html',
	xml: 'xml',
	text: 'document',
	rtf: 'document',
	ps: 'document',
	cfb: 'document',
	exe: 'program',
	elf: 'program',
	macho: 'program',
	class: 'program',
	gz: 'archive',
	bz2: 'archive',
	xz: 'archive',
	'7z': 'archive',
	rar: 'archive',
	mp4: 'media',
	mov: 'media',
	m4a: 'media',
	'3gp': 'media',
};

const CLAIM_NAMES: Record<string, string> = { pdf: 'a PDF', png: 'a PNG image', jpeg: 'a JPEG photo' };

export function unsupportedType(detected: Detection, claimed: string | null): string {
	const claim = claimed && CLAIM_NAMES[claimed] ? ` Its name or declared type says it is ${CLAIM_NAMES[claimed]}, but the content is not.` : '';
	if (detected.family === 'unknown') {
		return (
			`The file's content is not a type Concur accepts (PDF, PNG or JPEG) and could not be recognised: ` +
			`it may be damaged, encrypted or in another format.${claim} Check that the right file was picked, then upload a PDF, PNG or JPEG.`
		);
	}
	let advice = ADVICE[ADVICE_BY_FAMILY[detected.family] ?? 'document'];
	if (detected.family === 'zip') advice = detected.subtype ? ADVICE.document : ADVICE.archive;
	return `This file is ${withArticle(detected.kind)}. ${ACCEPTED}.${claim} ${advice}`;
}

/** A PDF refused because a limit of the check was reached: why, then what to do. */
function refusedAtLimit(why: string): string {
	return (
		`This PDF cannot be checked for encryption within the limits of this check: ${why}. So that no encrypted PDF ` +
		'slips through, it is refused. Open it in a PDF reader and save or print it as a new PDF (that rewrites its ' +
		'internal index and keeps only the final version), then upload that file.'
	);
}

const CORRUPT: Record<CorruptReason, string> = {
	'pdf-limit-sections': refusedAtLimit(`the file has more than ${MAX_SECTIONS} revisions (incremental updates saved on top of each other)`),
	'pdf-limit-work': refusedAtLimit(
		`its internal index is built so that checking it would take more than ${WORK_PER_BYTE} steps per byte of the file, far more than any normal PDF needs`,
	),
	'pdf-limit-dict-size': refusedAtLimit(`an entry of its internal index is larger than ${MAX_DICT_BYTES / 1024} KB, far larger than PDF writers make them`),
	'pdf-limit-depth': refusedAtLimit(`its internal index has dictionaries nested more than ${MAX_DEPTH} levels deep`),
	'pdf-limit-token': refusedAtLimit(
		`its internal index has a number longer than ${MAX_NUMBER_CHARS} characters or a word longer than ${MAX_KEYWORD_CHARS} characters`,
	),
	'pdf-limit-repair': refusedAtLimit(
		`the pointers to its internal index are wrong, and the search for the index gave up after ${FALLBACK_CANDIDATES} unusable candidates`,
	),
	'pdf-no-eof':
		'This PDF is incomplete: its end-of-file marker (%%EOF) is missing, which usually means the download or copy was cut off. Download or export the PDF again, then upload it again.',
	'pdf-truncated':
		'This PDF is incomplete: its internal index refers to parts that are missing from the end of the file, which usually means the download or copy was cut off. Download or export the PDF again, then upload it again.',
	'pdf-no-startxref':
		'This PDF is damaged: the pointer to its internal index (startxref) is missing from the end of the file. Download or export it again; if that does not help, open it and save or print it as a new PDF.',
	'pdf-no-trailer':
		'This PDF is damaged: its internal index (cross-reference table and trailer) cannot be found. Open it in a PDF reader and save or print it as a new PDF, then upload that file.',
	'pdf-no-root':
		'This PDF is damaged: its internal index does not say where the document starts (the catalog is missing). Open it in a PDF reader and save or print it as a new PDF, then upload that file.',
	'pdf-header-only':
		'This PDF is empty: it has a PDF header and nothing else, so the download or export probably stopped at the very start. Download or export it again, then upload it again.',
	'pdf-no-header':
		'This file looks like part of a PDF, but its beginning (the %PDF- header) is missing. Download or export the PDF again, then upload it again.',
	'png-no-signature':
		'This PNG image is damaged: its first bytes (the PNG signature) are missing or were altered, typically by a transfer in text mode. Download or export the image again, then upload it again.',
	'png-header-only':
		'This PNG image is empty: it contains its header but no picture. Download or export the image again, then upload it again.',
	'png-no-ihdr':
		'This PNG image is damaged: its image header (IHDR) is missing. Download or export the image again, then upload it again.',
	'png-bad-ihdr':
		'This PNG image is damaged: its image header (size and colours) is invalid. Download or export the image again, then upload it again.',
	'png-bad-chunk':
		'This PNG image is damaged: its internal structure is invalid. Download or export the image again, then upload it again.',
	'png-truncated':
		'This PNG image is incomplete: it stops before its end marker (IEND), which usually means the download was cut off. Download or export the image again, then upload it again.',
	'png-no-idat':
		'This PNG image contains no picture data. Download or export the image again, then upload it again.',
	'png-no-plte':
		'This PNG image is damaged: it uses a colour palette, but the palette is missing. Download or export the image again, then upload it again.',
	'jpeg-no-soi':
		'This JPEG photo is damaged: its start marker is missing, so viewers cannot open it. Download or export the photo again, then upload it again.',
	'jpeg-header-only':
		'This JPEG file contains headers but no picture data. Download or export the photo again, then upload it again.',
	'jpeg-bad-marker':
		'This JPEG photo is damaged: its internal structure is invalid. Download or export the photo again, then upload it again.',
	'jpeg-no-frame':
		'This JPEG photo is damaged: its frame header (picture size and colours) is missing. Download or export the photo again, then upload it again.',
	'jpeg-truncated':
		'This JPEG photo is incomplete: it stops before its end marker (EOI), which usually means the download was cut off and part of the picture is missing. Download or export the photo again, then upload it again.',
};

export function corruptFile(reason: CorruptReason): string {
	return CORRUPT[reason];
}

export function mimeMismatch(declared: string, detected: Detection): string {
	declared = quoted(declared);
	if (detected.mime === null) {
		return `The file was declared as ${declared}, but its content is not that type (it could not be recognised).`;
	}
	return `The file was declared as ${declared}, but its content is ${withArticle(detected.kind)}. The upload uses the real type (${detected.mime}).`;
}

/** Names and types are quoted up to this many characters (a longer one is cut, with an ellipsis). */
const QUOTED_CHARS = 255;

function quoted(text: string): string {
	return text.length > QUOTED_CHARS ? `${text.slice(0, QUOTED_CHARS)}…` : text;
}

export function extensionMismatch(fileName: string, ext: string, detected: Detection): string {
	fileName = quoted(fileName);
	if (detected.ext === null) {
		return `The file name "${fileName}" ends in .${ext}, but the content is not that type (it could not be recognised).`;
	}
	return `The file name "${fileName}" ends in .${ext}, but the content is ${withArticle(detected.kind)}. The upload uses the real type; renaming the file to .${detected.ext} avoids confusion.`;
}

export function pdfHeaderOffset(bytes: number): string {
	return (
		`The PDF starts with ${groupDigits(bytes)} bytes of extra data before its header. Most PDF readers accept this; ` +
		'if Concur rejects the upload, open the PDF and save it again, then upload the new file.'
	);
}

export function pdfXrefRepaired(): string {
	return (
		"The PDF's internal index points to the wrong places; PDF readers repair this automatically when opening it. " +
		'If Concur rejects the upload, open the PDF and save or print it as a new PDF, then upload that file.'
	);
}

function withArticle(kind: string): string {
	return /^[aeiouAEIOU]/.test(kind) || /^(MP4|RTF|XML|SVG|XZ)\b/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

export function groupDigits(n: number): string {
	return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Sizes as people read them, in units of 1,024 (the unit in which Concur's "10 MB" is read). */
export function formatSize(n: number): string {
	if (n < 1024) return `${groupDigits(n)} byte${n === 1 ? '' : 's'}`;
	const kb = n / 1024;
	if (kb < 1024) return `${kb >= 100 ? Math.round(kb) : Math.round(kb * 10) / 10} KB`;
	const mb = kb / 1024;
	return `${mb >= 100 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`;
}
