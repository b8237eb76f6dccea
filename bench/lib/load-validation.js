// Loads nodes/ConcurImaging/validation/index.ts for plain-JS tools (the benchmark) without a build step:
// each .ts file of the module is transpiled in memory with TypeScript's transpileModule (type-only, no type
// check, nothing written to disk) and evaluated as CommonJS. This works from a fresh clone with only the
// devDependencies installed, and does not depend on the rest of the project compiling.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
const ts = require('typescript');

const VALIDATION_DIR = path.resolve(__dirname, '../../nodes/ConcurImaging/validation');

function loadTypeScriptModule(entryFile) {
	const cache = new Map();
	function load(file) {
		const cached = cache.get(file);
		if (cached) return cached.exports;
		const source = fs.readFileSync(file, 'utf8');
		const { outputText } = ts.transpileModule(source, {
			fileName: file,
			compilerOptions: {
				module: ts.ModuleKind.CommonJS,
				target: ts.ScriptTarget.ES2019,
				esModuleInterop: true,
				sourceMap: false,
			},
		});
		const mod = new Module(file, module);
		mod.filename = file;
		mod.paths = Module._nodeModulePaths(path.dirname(file));
		cache.set(file, mod);
		const localRequire = (id) => {
			if (id.startsWith('./') || id.startsWith('../')) {
				const base = path.resolve(path.dirname(file), id);
				const candidates = [`${base}.ts`, path.join(base, 'index.ts'), `${base}.js`, base];
				const found = candidates.find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
				if (!found) throw new Error(`Cannot resolve ${id} from ${file}`);
				return found.endsWith('.ts') ? load(found) : require(found);
			}
			return require(id);
		};
		const fn = vm.runInThisContext(Module.wrap(outputText), { filename: file });
		fn.call(mod.exports, mod.exports, localRequire, mod, file, path.dirname(file));
		mod.loaded = true;
		return mod.exports;
	}
	return load(entryFile);
}

/** The validation module's exports (validateReceiptFile, CONCUR_MAX_FILE_BYTES, ...). */
function loadValidation() {
	return loadTypeScriptModule(path.join(VALIDATION_DIR, 'index.ts'));
}

module.exports = { loadValidation, loadTypeScriptModule, VALIDATION_DIR };
