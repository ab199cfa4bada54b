// Headers every answer carries unless its route chose its own. Pages get their
// Content-Security-Policy from SvelteKit (kit.csp in svelte.config.js, which puts a nonce on the
// scripts it writes into the page); everything else (JSON, redirects, downloads, the public
// pages' stored HTML) gets one here that at least forbids framing.

export interface AnswerContext {
	/** Made for a signed-in user or a token's holder: no cache may keep it. */
	authenticated: boolean;
	/** The site is served over https (ORIGIN is https): browsers may then insist on it. */
	secure: boolean;
}

const ONE_YEAR = 365 * 24 * 60 * 60;

/** The headers to add to an answer with `existing` headers: only those it does not set itself. */
export function securityHeaders(existing: Headers, { authenticated, secure }: AnswerContext): Record<string, string> {
	const added: Record<string, string> = {};
	const addMissing = (name: string, value: string) => {
		if (!existing.has(name)) added[name] = value;
	};
	addMissing('x-content-type-options', 'nosniff');
	// Document URLs name projects and their documents: other sites need not learn them from a link.
	addMissing('referrer-policy', 'same-origin');
	const policy = existing.get('content-security-policy');
	const framing = policy === null ? null : /(?:^|;)\s*frame-ancestors\s+([^;]*)/i.exec(policy);
	if (policy === null) {
		// An answer that is not HTML renders nothing, so it needs no source at all.
		const html = /^text\/html\b/i.test(existing.get('content-type') ?? '');
		added['content-security-policy'] = html ? "frame-ancestors 'none'" : "default-src 'none'; frame-ancestors 'none'";
	} else if (!framing) {
		added['content-security-policy'] = `${policy.replace(/[;\s]*$/, '')}; frame-ancestors 'none'`;
	}
	// Framed, a page's buttons can be clicked through a decoy laid over them (clickjacking). A
	// route that allows some framing (a public page its project lets others embed) says so in its
	// own frame-ancestors, which the old header must then not contradict.
	if (!framing || framing[1].trim() === "'none'") addMissing('x-frame-options', 'DENY');
	if (authenticated) addMissing('cache-control', 'private, no-store');
	if (secure) addMissing('strict-transport-security', `max-age=${ONE_YEAR}`);
	return added;
}

/** `response` with the security headers it lacks (a copy when its headers cannot be changed). */
export function withSecurityHeaders(response: Response, context: AnswerContext): Response {
	const added = Object.entries(securityHeaders(response.headers, context));
	if (added.length === 0) return response;
	try {
		for (const [name, value] of added) response.headers.set(name, value);
		return response;
	} catch {
		// A fetched Response (or Response.redirect) has immutable headers.
		const copy = new Response(response.body, response);
		for (const [name, value] of added) copy.headers.set(name, value);
		return copy;
	}
}
