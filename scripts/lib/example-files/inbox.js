'use strict';
// The "email attachments" of the first example (examples/files/inbox): three good receipts (PDF, PNG, JPEG) and
// four that Concur would refuse (a HEIC photo, a password-protected PDF, an empty file, a JPEG cut off in the middle).

const { receiptPdf, receiptPng, receiptJpeg } = require('./receipts');
const { encryptedPdf } = require('./pdf');
const { heicPhoto } = require('./heic');

/**
 * The "email attachments" of the first example. expect: what the validation says (valid, or the problem code).
 */
async function inboxFiles() {
	const hotelJpeg = receiptJpeg([
		'Hotel Example',
		'2026-11-23 CHECK-OUT',
		'1 NIGHT       129.00',
		'CITY TAX        5.00',
		'TOTAL  134.00 EUR',
	]);
	const parkingJpeg = receiptJpeg(['Parking', '2026-11-23 08:02-17:45', 'TOTAL 21.00 EUR']);
	return [
		{
			name: 'lunch-receipt.pdf',
			bytes: await receiptPdf('Trattoria Roma', [
				'2026-11-24 12:41',
				'Pasta del giorno      14.50',
				'Water                  3.20',
				'Total 17.70 EUR',
			]),
			expect: 'valid',
			note: 'a one-page PDF receipt',
		},
		{
			name: 'taxi-receipt.png',
			bytes: receiptPng([
				'Taxi Berlin',
				'2026-11-24 18:40',
				'FARE   16.20',
				'TIP     2.00',
				'TOTAL  18.20 EUR',
			]),
			expect: 'valid',
			note: 'a PNG scan',
		},
		{ name: 'hotel-receipt.jpg', bytes: hotelJpeg, expect: 'valid', note: 'a JPEG photo' },
		{
			name: 'IMG_0042.HEIC',
			bytes: heicPhoto(),
			expect: 'UNSUPPORTED_TYPE',
			note: 'an iPhone photo (HEIC)',
		},
		{
			name: 'bank-statement-protected.pdf',
			bytes: encryptedPdf('Card statement November', [
				'Card ending 4242',
				'Hotel Example        134.00',
				'Trattoria Roma        17.70',
			]),
			expect: 'ENCRYPTED_PDF',
			note: 'a password-protected PDF (owner password, opens without one)',
		},
		{
			name: 'empty-attachment.pdf',
			bytes: Buffer.alloc(0),
			expect: 'EMPTY_FILE',
			note: 'an empty file',
		},
		{
			name: 'parking-truncated.jpg',
			bytes: parkingJpeg.subarray(0, Math.floor(parkingJpeg.length * 0.6)),
			expect: 'CORRUPT_FILE',
			note: 'a JPEG cut off after 60 % of its bytes',
		},
	];
}

module.exports = { inboxFiles };
