// One emulator per test file: replaces the repeated `let emulator; beforeAll(start); afterAll(stop);
// beforeEach(reset)` block. Call it at the top level of a test file (or inside a describe):
//
//   const emu = useEmulator({ storage: 'memory' }, { reset: { clearTokens: true } });
//   it('…', async () => { await companyToken(emu()); emu.current.advanceTime(60); });
//
// `emu()` and `emu.current` are the same running emulator; reading either outside a test or hook (before
// beforeAll ran, after afterAll) throws. Hooks register in call order, so a file's own beforeEach that comes
// after useEmulator runs after the reset.
import { startEmulator } from '../../emulator';
import type { Emulator, EmulatorOptions } from '../../support/concur';

export type { Emulator, EmulatorOptions };

export interface UseEmulatorHooks {
	/**
	 * What beforeEach does: `{}` = `reset()` (issued tokens survive, the emulator's default), `{ clearTokens: true }`
	 * = forget tokens too, `false` = no reset between tests. Default `{}`.
	 */
	reset?: false | { clearTokens?: boolean };
}

/** The running emulator: call it, or read `.current`. */
export type EmulatorAccessor = (() => Emulator) & { readonly current: Emulator };

export function useEmulator(options: EmulatorOptions = {}, hooks: UseEmulatorHooks = {}): EmulatorAccessor {
	let running: Emulator | undefined;
	const get = (): Emulator => {
		if (!running) throw new Error('useEmulator: the emulator is not running here (read it inside a test or a hook)');
		return running;
	};
	const reset = hooks.reset === undefined ? {} : hooks.reset;

	beforeAll(async () => {
		running = await startEmulator({ port: 0, ...options });
	});
	afterAll(async () => {
		const emu = running;
		running = undefined;
		if (emu) await emu.stop();
	});
	if (reset !== false) {
		beforeEach(async () => {
			await get().reset(reset);
		});
	}

	const accessor = get as EmulatorAccessor;
	Object.defineProperty(accessor, 'current', { get, enumerable: true });
	return accessor;
}
