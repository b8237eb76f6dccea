// The classic n8n starter build step: tsc compiles the code, this copies the icons next to it in dist/.
// Node icons live beside their node (nodes/<Name>/*.svg); shared icons (used by the credentials) in icons/.
const { src, dest, parallel } = require('gulp');

const copyNodeIcons = () => src('nodes/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/nodes'));
const copySharedIcons = () => src('icons/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/icons'));

exports['build:icons'] = parallel(copyNodeIcons, copySharedIcons);
