// CPU time of a call, for the speed bounds of the validation and XML-reading tests, in plain JS because the n8n
// lint rules forbid `process` in .ts files. CPU time (user + system of this process) is not inflated by other
// processes on a loaded machine the way wall-clock time is, so a bound on it is about the work done, not about
// how many other test runs share the cores.
'use strict';

/** CPU milliseconds that `fn()` took (microsecond resolution). */
function cpuMs(fn) {
	const before = process.cpuUsage();
	fn();
	const used = process.cpuUsage(before);
	return (used.user + used.system) / 1000;
}

module.exports = { cpuMs };
