// @ts-check
'use strict';

/**
 * Controllable time. Everything in the emulator that expires (access tokens, request tokens, refresh tokens,
 * authorization codes, pre-signed image URLs) reads this clock, so tests advance time instead of sleeping:
 * `emulator.advanceTime(seconds)` or `POST /_emulator/clock {"advanceSeconds": n}`.
 */
class Clock {
	/** @param {(() => number) | undefined} source */
	constructor(source) {
		this.source = source || Date.now;
		this.offsetMs = 0;
	}

	/** @returns {number} milliseconds since the epoch */
	now() {
		return this.source() + this.offsetMs;
	}

	/** @returns {number} whole seconds since the epoch */
	nowSeconds() {
		return Math.floor(this.now() / 1000);
	}

	/** @param {number} ms */
	advance(ms) {
		this.offsetMs += ms;
	}

	reset() {
		this.offsetMs = 0;
	}
}

module.exports = { Clock };
