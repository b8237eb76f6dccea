#!/usr/bin/env node
'use strict';
// Generates the sample input files of the example workflows into examples/files/ (committed), deterministically.
// What they are and how they are built: scripts/lib/example-files/index.js, which the demo and the end-to-end tests
// use too.
//
//   node scripts/make-example-files.js [--out <dir>]        (default examples/files)

const path = require('path');

const { writeExampleFiles } = require('./lib/example-files');

const i = process.argv.indexOf('--out');
const outDir = path.resolve(
	i > 0 ? process.argv[i + 1] : path.join(__dirname, '..', 'examples', 'files'),
);
writeExampleFiles(outDir).then(
	(written) => {
		for (const w of written)
			process.stdout.write(
				`${String(w.size).padStart(6)}  ${path.join(path.relative(process.cwd(), outDir) || '.', w.rel)}\n`,
			);
	},
	(e) => {
		process.stderr.write(`make-example-files: ${e.stack || e}\n`);
		process.exit(1);
	},
);
