import type { Icon } from 'n8n-workflow';

/**
 * The icon both nodes (Concur Imaging and its trigger) show. n8n resolves `file:` paths from the folder of the node
 * file, which is this folder. n8n's icon-validation lint rule checks only an icon written in the node class, so
 * these two paths are not checked by it: concurImaging.svg and concurImaging.dark.svg sit next to this file.
 */
export const CONCUR_IMAGING_ICON: Icon = { light: 'file:concurImaging.svg', dark: 'file:concurImaging.dark.svg' };
