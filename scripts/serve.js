// Starts the built app (build/) with local defaults: port 3000 and an ORIGIN that matches
// plain-http localhost, without which SvelteKit's CSRF check refuses every form post.
// PORT, HOST and ORIGIN from the environment win, as adapter-node documents.
import { existsSync } from 'node:fs';

if (!existsSync('build/index.js')) {
	console.error('No build found: run `npm run build` first (npm start does both).');
	process.exit(1);
}
process.env.PORT ||= '3000';
// Document imports can be large; JSON routes enforce their own, smaller limits.
process.env.BODY_SIZE_LIMIT ||= '16M';
process.env.ORIGIN ||= `http://${process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : 'localhost'}:${process.env.PORT}`;

await import('../build/index.js');
console.log(`Rendition is listening on ${process.env.ORIGIN}`);
