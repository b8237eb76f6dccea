// A disk cache of the generated validation corpus, for mutation runs only (scripts/mutation/jest.config.js sets
// CONCUR_CORPUS_CACHE). Building the corpus takes pdf-lib documents and about forty qpdf runs; Stryker loads the
// corpus test once per mutant, so without the cache most of a mutant's time goes into rebuilding the same bytes.
// The key is the text of every file the corpus is built from plus whether qpdf is there, so any edit to a builder,
// or a machine without qpdf, builds afresh. Nothing in the corpus depends on the code under test (it imports only
// types from validation/), so a cached corpus is the corpus the mutant would have built.
'use strict';

const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const SOURCES = ['test/validation/corpus.ts', 'test/validation/fixtures', 'support/validation-fixtures', 'test/support/validation-qpdf.js'];

function sourceFiles(entry) {
	const full = path.join(REPO, entry);
	if (!fs.statSync(full).isDirectory()) return [full];
	return fs
		.readdirSync(full)
		.sort()
		.flatMap((name) => sourceFiles(path.join(entry, name)));
}

function cacheKey(qpdf) {
	const hash = createHash('sha256').update(`qpdf=${qpdf}\n`);
	for (const file of SOURCES.flatMap(sourceFiles)) hash.update(file.slice(REPO.length)).update(fs.readFileSync(file));
	return hash.digest('hex').slice(0, 16);
}

const encode = (entries) => JSON.stringify(entries.map((entry) => ({ ...entry, bytes: Buffer.from(entry.bytes).toString('base64') })));
const decode = (text) => JSON.parse(text).map((entry) => ({ ...entry, bytes: new Uint8Array(Buffer.from(entry.bytes, 'base64')) }));

/** The corpus from the cache directory in CONCUR_CORPUS_CACHE when set and current, else built (and stored there). */
async function cachedCorpus(build, qpdf) {
	const dir = process.env.CONCUR_CORPUS_CACHE;
	if (!dir) return build();
	const file = path.join(dir, `corpus-${cacheKey(qpdf)}.json`);
	if (fs.existsSync(file)) return decode(fs.readFileSync(file, 'utf8'));
	const entries = await build();
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(`${file}.${process.pid}.tmp`, encode(entries));
	fs.renameSync(`${file}.${process.pid}.tmp`, file);
	return entries;
}

module.exports = { cachedCorpus };
