import type { AuthUser, AuthSession } from '$lib/server/auth/sessions';

declare global {
	namespace App {
		interface Locals {
			user: AuthUser | null;
			session: AuthSession | null;
			/** How this request was authenticated: a browser session cookie or an API token. */
			authVia: 'session' | 'token' | null;
		}
		interface Error {
			message: string;
			code?: string;
		}
	}
}

export {};
