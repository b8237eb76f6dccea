// The classic n8n starter build: `gulp clean` empties dist/ (so nothing stale is ever packed), tsc compiles,
// and `gulp build:icons` copies the icons next to the compiled code. Node icons live beside their node
// (nodes/<Name>/*.svg); shared icons (used by the credentials) in icons/.
const fs = require('node:fs');
const { src, dest, parallel } = require('gulp');

const copyNodeIcons = () => src('nodes/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/nodes'));
const copySharedIcons = () => src('icons/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/icons'));

exports.clean = async () => fs.rmSync('dist', { recursive: true, force: true });
exports['build:icons'] = parallel(copyNodeIcons, copySharedIcons);
