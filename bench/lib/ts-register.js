// A tiny require hook for the benchmark: `.ts` files are transpiled in memory with the installed TypeScript
// (transpileModule, CommonJS, no type check, nothing written to disk), so the benchmark runs the very same test
// harness (support/engine) and node sources (nodes/, credentials/) as the tests, from a fresh clone, without a
// build. It registers `require.extensions['.ts']`, so extension-less relative imports between .ts files resolve
// as usual and every module exists once (one n8n-core, one harness, one TEST_NODE_TYPES object).
'use strict';

const fs = require('node:fs');
const Module = require('node:module');
const ts = require('typescript');

const COMPILER_OPTIONS = {
	module: ts.ModuleKind.CommonJS,
	target: ts.ScriptTarget.ES2019,
	esModuleInterop: true,
	resolveJsonModule: true,
	sourceMap: false,
	inlineSourceMap: true, // stack traces and --cpu-prof point at the .ts lines
};

let registered = false;

function register() {
	if (registered) return;
	registered = true;
	const extensions = Module._extensions;
	// Resolution tries the extensions in this object's key order. Like Jest's default, `.ts` must come before
	// `.json`: `./ConcurImaging.node` is the .ts node, not its codex file ConcurImaging.node.json.
	const later = Object.keys(extensions).filter((ext) => ext !== '.js');
	const saved = later.map((ext) => [ext, extensions[ext]]);
	for (const [ext] of saved) delete extensions[ext];
	extensions['.ts'] = function compileTs(module, filename) {
		const source = fs.readFileSync(filename, 'utf8');
		const { outputText } = ts.transpileModule(source, { fileName: filename, compilerOptions: COMPILER_OPTIONS });
		module._compile(outputText, filename);
	};
	for (const [ext, handler] of saved) if (ext !== '.ts') extensions[ext] = handler;
}

module.exports = { register };
