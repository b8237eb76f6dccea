import { sleep } from 'n8n-workflow';

import { releaseBuffer, RELEASE_MIN_BYTES } from '../../nodes/ConcurImaging/transport/release';

// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- test code (never shipped): the process's Buffer memory
const bufferMemory = () => process.memoryUsage().arrayBuffers;

describe('releaseBuffer (issue 17: a sent file is freed at once, not at the next full GC)', () => {
	it("frees a buffer that fills its own ArrayBuffer: its memory leaves the process's buffer count", async () => {
		const bytes = Buffer.allocUnsafeSlow(8 * 1024 * 1024).fill(7);
		const before = bufferMemory();
		releaseBuffer(bytes);
		expect(bytes.length).toBe(0);
		expect(bytes.buffer.byteLength).toBe(0);
		// The closed ports drop the message (and with it the memory) when their handles close: a loop turn or two.
		for (let turn = 0; turn < 20 && before - bufferMemory() < 8 * 1024 * 1024; turn++) await sleep(1);
		expect(before - bufferMemory()).toBeGreaterThanOrEqual(8 * 1024 * 1024);
	});

	it('leaves alone what others may share: pooled small Buffers, slices, and buffers under the threshold', () => {
		const pooled = Buffer.from('a small pooled buffer');
		const neighbour = Buffer.from('its neighbour in the pool');
		releaseBuffer(pooled);
		expect(pooled.toString()).toBe('a small pooled buffer');
		expect(neighbour.toString()).toBe('its neighbour in the pool');

		const whole = Buffer.alloc(2 * RELEASE_MIN_BYTES, 1);
		const slice = whole.subarray(1);
		releaseBuffer(slice);
		expect(whole.length).toBe(2 * RELEASE_MIN_BYTES);
		expect(slice.length).toBe(2 * RELEASE_MIN_BYTES - 1);
		// The first half of a bigger buffer starts where its memory does, yet the other half is someone else's
		// (issue 18, release.ts L13 `byteLength !== memory.byteLength` -> false).
		const firstHalf = whole.subarray(0, RELEASE_MIN_BYTES);
		releaseBuffer(firstHalf);
		expect(firstHalf.length).toBe(RELEASE_MIN_BYTES);
		expect(whole.length).toBe(2 * RELEASE_MIN_BYTES);

		const small = Buffer.alloc(RELEASE_MIN_BYTES - 1, 2);
		releaseBuffer(small);
		expect(small.length).toBe(RELEASE_MIN_BYTES - 1);
	});

	it('is harmless on a buffer already released', () => {
		const bytes = Buffer.alloc(RELEASE_MIN_BYTES, 3);
		releaseBuffer(bytes);
		expect(() => releaseBuffer(bytes)).not.toThrow();
		expect(bytes.length).toBe(0);
	});
});
