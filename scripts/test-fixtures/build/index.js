// Stands in for adapter-node's build/index.js in scripts/serve.test.ts: it makes its HTTP server
// and exports it as adapter-node does (`server.server`, the polka app's server), and answers
// each request once it has read the whole body.
import http from 'node:http';

const httpServer = http.createServer((req, res) => {
	let bytes = 0;
	req.on('data', (chunk) => (bytes += chunk.length));
	req.on('end', () => res.end(`read ${bytes} bytes`));
	req.on('error', () => {});
});
httpServer.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`Listening on ${process.env.PORT}`));

export const server = { server: httpServer };
