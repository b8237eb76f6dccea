// A loopback HTTP server that answers every request with what it received (method, path, headers) as JSON, and
// 401 when told to. Plain JS: the .ts lint forbids importing node:http.
const http = require('node:http');

/** @returns {Promise<{ url: string, requests: object[], failNextWith: (status: number) => void, close: () => Promise<void> }>} */
async function startEchoServer() {
	const requests = [];
	const failures = [];
	const server = http.createServer((req, res) => {
		const record = { method: req.method, path: req.url, headers: req.headers };
		requests.push(record);
		const status = failures.shift() ?? 200;
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(record));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		failNextWith: (status) => failures.push(status),
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

module.exports = { startEchoServer };
