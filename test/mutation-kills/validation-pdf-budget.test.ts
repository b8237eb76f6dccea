// The limits of the PDF check (validation/pdf-budget.ts), found by the mutation run over pdf-budget.ts (issue 18,
// reports/mutation/SURVIVORS.md): a hand-made PDF in, the refusal out, which names the first limit reached.

import { validateReceiptFile } from '../../nodes/ConcurImaging/validation';
import { latin1, rawPdf, toLatin1 } from '../../support/validation-fixtures/pdf';

function refusal(bytes: Uint8Array): string {
	const v = validateReceiptFile(bytes, { computeSha256: false });
	const corrupt = v.problems.find((p) => p.code === 'CORRUPT_FILE');
	return corrupt ? corrupt.message : `valid: ${String(v.valid)}`;
}

describe('the first limit reached is the one the refusal names', () => {
	// Mutant: `if (this.limit === null)` -> `if (true)` (L47): the repair scan's give-up after its 16th candidate
	// would replace the nesting limit that candidate ran into.
	it('a repair scan whose 16th candidate is nested 40 levels deep is refused at the nesting limit, not the repair limit', () => {
		const deep = `trailer\n${'<< /A '.repeat(40)}1${' >>'.repeat(40)}\n`;
		const decoys = '% trailer << >>\n'.repeat(15);
		const text = toLatin1(rawPdf({ startxrefDelta: 3 }));
		expect(text).toContain('trailer\n<<');
		const refused = refusal(latin1(text.replace('trailer\n<<', `${deep}${decoys}Trailer\n<<`)));
		expect(refused).toContain('nested more than 32 levels deep');
		expect(refused).not.toContain('gave up');
	});
});
