import { sequence } from '@sveltejs/kit/hooks';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { refuseUnreadableText } from '$lib/server/http/text-guard';
import { bundledMigrations } from '$lib/server/db/bundled-migrations';
import { startApp, stopApp, untilServing } from '$lib/server/startup';
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
};

const authenticate: Handle = async ({ event, resolve }) => {
	await authenticateRequest(event);
	return resolve(event);
};

export const handle: Handle = sequence(addSecurityHeaders, handleOutage, refuseCrossSiteWrites, refuseUnreadableText, authenticate);

export const handleError: HandleServerError = (input) =>
	(isClientAbort(input.error) ? undefined : unavailableError(input.error, input.event)) ?? handleServerError(input);
