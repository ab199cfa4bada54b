import { sequence } from '@sveltejs/kit/hooks';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { bundledMigrations } from '$lib/server/db/bundled-migrations';
import { startApp, stopApp, untilServing } from '$lib/server/startup';
import { demoArticle } from '$lib/server/demo/article';
import { authenticateRequest } from '$lib/server/auth/request-auth';
import { handleOutage, unavailableError } from '$lib/server/http/outage';

export const init: ServerInit = async () => {
	// Listens once the app is ready, or while it waits for its database (requests get 503).
	await untilServing(startApp(bundledMigrations, demoArticle));
	// adapter-node emits this on SIGTERM/SIGINT; without closing PGlite the process never exits.
	process.once('sveltekit:shutdown' as 'exit', () => void stopApp());
};

const authenticate: Handle = async ({ event, resolve }) => {
	await authenticateRequest(event);
	return resolve(event);
};

export const handle: Handle = sequence(handleOutage, authenticate);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const unavailable = unavailableError(error, event);
	if (unavailable) return unavailable;
	// As SvelteKit logs without this hook.
	const stack = status === 404 ? '' : `\n${error instanceof Error ? error.stack : String(error)}`;
	console.error(`[${status}] ${event.request.method} ${event.url.pathname}${stack}`);
	return { message };
};
