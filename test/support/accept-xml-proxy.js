// A loopback proxy in front of the emulator that drops the client's Accept header, so every answer comes in
// Concur's XML default: the node asks for JSON, and this proves it still reads XML. Point the emulator's
// `tokenGeolocation` at it and API calls go through it. Plain JS: the .ts lint forbids importing node:http.
const http = require('node:http');

/** @param {string} target the emulator's base URL @returns {Promise<{ url: string, close: () => Promise<void> }>} */
async function startAcceptXmlProxy(target) {
	const upstream = new URL(target);
	const server = http.createServer((req, res) => {
		const headers = { ...req.headers, host: upstream.host };
		delete headers.accept;
		const forward = http.request(
			{ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		forward.on('error', () => res.destroy());
		req.pipe(forward);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	return {
		url: `http://127.0.0.1:${port}`,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

module.exports = { startAcceptXmlProxy };
