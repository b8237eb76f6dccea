/**
 * Frees a file's memory now rather than at V8's next full garbage collection. V8 frees a Buffer's memory only
 * when a collection finds it dead, and a file buffer that lived through an upload is usually old by then: dead
 * 10 MB buffers piled up to 4-7 x the file size even one upload at a time (issue 17). Transferring the
 * ArrayBuffer into a MessageChannel that is closed at once detaches it (every view of it then reads as empty);
 * its memory goes back when the ports' handles close, a loop turn later, whatever the garbage collector does.
 *
 * Only for a buffer its caller owns alone and is done with (see inputFile.ts), and only when it fills its own
 * ArrayBuffer: never a slice of Node's shared pool (small Buffers) or of a bigger buffer someone else may use.
 */
export function releaseBuffer(bytes: Buffer): void {
	const memory = bytes.buffer;
	if (!(memory instanceof ArrayBuffer) || bytes.byteOffset !== 0 || bytes.byteLength !== memory.byteLength) return;
	if (memory.byteLength < RELEASE_MIN_BYTES || typeof MessageChannel !== 'function') return;
	const { port1, port2 } = new MessageChannel();
	try {
		port1.postMessage(null, [memory]);
	} catch {
		// not transferable (a buffer Node marked untransferable): left to the garbage collector as before
	} finally {
		port1.close();
		port2.close();
	}
}

/** Below this the garbage collector's delay costs little; Node's pool slabs (8 KiB) are never touched. */
export const RELEASE_MIN_BYTES = 64 * 1024;
