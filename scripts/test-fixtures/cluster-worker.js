// A stand-in for the built app in cluster tests: answers with its pid and shuts down the way
// adapter-node does (close the server, emit 'sveltekit:shutdown').
import http from 'node:http';
import { releaseWorkerOnShutdown } from '../cluster.js';

if (process.env.FAIL_TO_START) process.exit(3);
releaseWorkerOnShutdown();
const server = http.createServer((_, res) => res.end(String(process.pid)));
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
	server.close(() => process.emit(/** @type {'exit'} */ ('sveltekit:shutdown')));
	server.closeAllConnections();
});
