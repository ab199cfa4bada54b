import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { refuseUnreadableText } from '$lib/server/http/text-guard';
import { bundledMigrations } from '$lib/server/db/bundled-migrations';
import { startApp, stopApp } from '$lib/server/startup';
import { demoArticle } from '$lib/server/demo/article';
import { authenticateRequest } from '$lib/server/auth/request-auth';
import { handleServerError } from '$lib/server/http/client-abort';
import { addSecurityHeaders, refuseCrossSiteWrites } from '$lib/server/http/handles';

export const init: ServerInit = async () => {
	await startApp(bundledMigrations, demoArticle);
	// adapter-node emits this on SIGTERM/SIGINT; without closing PGlite the process never exits.
	process.once('sveltekit:shutdown' as 'exit', () => void stopApp());
};

const authenticate: Handle = async ({ event, resolve }) => {
	await authenticateRequest(event);
	return resolve(event);
};

export const handle: Handle = sequence(addSecurityHeaders, refuseCrossSiteWrites, refuseUnreadableText, authenticate);

export const handleError = handleServerError;
