import { sequence } from '@sveltejs/kit/hooks';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { refuseUnreadableText } from '$lib/server/http/text-guard';
import { bundledMigrations } from '$lib/server/db/bundled-migrations';
import { startApp, stopApp, untilServing } from '$lib/server/startup';
import { stopLiveHub } from '$lib/server/live/live';
import { demoArticle } from '$lib/server/demo/article';
import { authenticateRequest } from '$lib/server/auth/request-auth';
import { handleServerError, isClientAbort } from '$lib/server/http/client-abort';
import { addSecurityHeaders, refuseCrossSiteWrites } from '$lib/server/http/handles';
import { handleOutage, unavailableError } from '$lib/server/http/outage';

export const init: ServerInit = async () => {
	// Listens once the app is ready, or while it waits for its database (requests get 503).
	await untilServing(startApp(bundledMigrations, demoArticle));
	// adapter-node emits this on SIGTERM/SIGINT; without closing PGlite the process never exits.
	process.once('sveltekit:shutdown' as 'exit', () => void stopApp());
	// adapter-node waits for open responses before it shuts down: event streams never end by
	// themselves, so they are ended first, and their browsers reconnect to another process.
	for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stopLiveHub());
};

const authenticate: Handle = async ({ event, resolve }) => {
	await authenticateRequest(event);
	return resolve(event);
};

export const handle: Handle = sequence(addSecurityHeaders, handleOutage, refuseCrossSiteWrites, refuseUnreadableText, authenticate);

export const handleError: HandleServerError = (input) =>
	(isClientAbort(input.error) ? undefined : unavailableError(input.error, input.event)) ?? handleServerError(input);
