// Runs in every Jest worker before any test file (plain JS because the n8n lint config forbids `process` in
// .ts files). n8n-core's InstanceSettings writes `<N8N_USER_FOLDER>/.n8n/config` on first use: point it at a
// per-worker temp dir so tests never touch the home folder.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

if (!process.env.N8N_USER_FOLDER || !process.env.N8N_USER_FOLDER.includes('concur-imaging-test')) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'concur-imaging-test-'));
}
process.env.N8N_ENCRYPTION_KEY = process.env.N8N_ENCRYPTION_KEY || 'concur-imaging-test-key';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';
