// Without n8n's deduplication store (n8n-core's DataDeduplicationService not initialised, as in a bare n8n-core
// engine), "Skip Files Already Sent" refuses the item and sends nothing, instead of uploading unguarded.
import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { fileItem, PNG } from '../fixtures/files';
import { apiRequests, companyCredential, concurNode } from '../../support/concur';
import { useEmulator } from '../support/use-emulator';

const emu = useEmulator();

it('Skip Files Already Sent without a deduplication store is DEDUPLICATION_UNAVAILABLE, and nothing is sent', async () => {
	const run = await runWorkflow(
		chain(TRIGGER, fixtureNode([fileItem(PNG, 'a.png', 'image/png')]), concurNode('receipt', 'upload', { options: { skipAlreadySent: true } }, { onError: 'continueErrorOutput' })),
		{ credentials: companyCredential(emu()) },
	);
	expect(run.json('Concur', 1)).toEqual([
		{
			fileName: 'a.png',
			error: "Skip Files Already Sent needs n8n's deduplication store, and it is not available here",
			details: expect.objectContaining({ code: 'DEDUPLICATION_UNAVAILABLE', description: expect.stringContaining('Nothing was sent.') }),
		},
	]);
	expect(apiRequests(emu())).toHaveLength(0);
});
