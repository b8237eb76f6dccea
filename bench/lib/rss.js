// Resident memory of this process from /proc/self/status: VmRSS (now) and VmHWM (the kernel's peak since start
// or since the last reset through /proc/self/clear_refs). A sampler backs the kernel counter up in case the
// reset is not allowed (it is on Linux >= 4.0 for one's own process).
'use strict';

const fs = require('node:fs');

function status() {
	const text = fs.readFileSync('/proc/self/status', 'utf8');
	const kb = (name) => {
		const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
		return m ? Number(m[1]) * 1024 : NaN;
	};
	return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

const { PerformanceObserver, constants } = require('node:perf_hooks');

const state = { baseline: NaN, resetWorked: false, sampledPeak: 0, timer: null, arrayBuffersBaseline: 0, arrayBuffersPeak: 0, heapBaseline: 0, heapPeak: 0, majorGcs: 0, observer: null };

function gc() {
	if (typeof global.gc === 'function') {
		global.gc();
		global.gc();
	}
}

/** GC, record the baseline RSS, reset the peak counter, start sampling. */
function markBaseline() {
	gc();
	const before = status();
	state.baseline = before.rss;
	try {
		fs.writeFileSync('/proc/self/clear_refs', '5');
		state.resetWorked = status().hwm <= before.rss + 4 * 1024 * 1024;
	} catch {
		state.resetWorked = false;
	}
	state.sampledPeak = before.rss;
	const usage = process.memoryUsage();
	state.arrayBuffersBaseline = usage.arrayBuffers;
	state.arrayBuffersPeak = state.arrayBuffersBaseline;
	// V8's committed heap (JS objects: run data, items, streams), the part of RSS that is not Buffer memory.
	state.heapBaseline = usage.heapTotal;
	state.heapPeak = usage.heapTotal;
	if (state.timer) clearInterval(state.timer);
	state.timer = setInterval(() => {
		const now = status().rss;
		if (now > state.sampledPeak) state.sampledPeak = now;
		const usage = process.memoryUsage();
		if (usage.arrayBuffers > state.arrayBuffersPeak) state.arrayBuffersPeak = usage.arrayBuffers;
		if (usage.heapTotal > state.heapPeak) state.heapPeak = usage.heapTotal;
	}, 5);
	state.timer.unref();
	// Full (mark-compact) collections during the measured node: buffers are freed only by those.
	state.majorGcs = 0;
	if (!state.observer) {
		state.observer = new PerformanceObserver((list) => {
			for (const entry of list.getEntries()) if (entry.detail && entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) state.majorGcs++;
		});
		state.observer.observe({ entryTypes: ['gc'] });
	}
}

/** Peak RSS since the baseline: the kernel's VmHWM when its reset worked, else the sampled peak. */
function peak() {
	if (state.timer) clearInterval(state.timer);
	state.timer = null;
	const now = status();
	const sampled = Math.max(state.sampledPeak, now.rss);
	return {
		baseline: state.baseline,
		peak: state.resetWorked ? Math.max(now.hwm, sampled) : sampled,
		source: state.resetWorked ? 'VmHWM (reset via /proc/self/clear_refs)' : 'sampled VmRSS every 5 ms',
		hwmSinceStart: state.resetWorked ? null : now.hwm,
		arrayBuffersPeak: state.arrayBuffersPeak - state.arrayBuffersBaseline,
		heapPeak: state.heapPeak - state.heapBaseline,
		majorGcs: state.majorGcs,
	};
}

module.exports = { status, markBaseline, peak, gc };
