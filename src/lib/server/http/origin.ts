// Whether a request comes from this site's own pages. SvelteKit's own check refuses cross-site
// posts of form content types only; a fetch() from another site with a text/plain or JSON body,
// or none at all, passes it and would carry the session cookie (SameSite=Lax keeps it off
// cross-site requests but not off same-site ones: another port on the same host is same-site).

export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * True unless the browser says the request comes from another origin. Browsers send Origin
 * with every POST and Sec-Fetch-Site with every request; a client that sends neither is no
 * browser, and so carries no cookie it did not choose to send.
 */
export function isSameOrigin(request: Request, url: URL): boolean {
	const origin = request.headers.get('origin');
	if (origin) return origin === url.origin;
	const site = request.headers.get('sec-fetch-site');
	return site === null || site === 'same-origin';
}

/** A state-changing request that carries the session cookie but comes from another origin. */
export function isCrossSiteWrite(request: Request, url: URL, carriesSession: boolean): boolean {
	return carriesSession && !SAFE_METHODS.has(request.method) && !isSameOrigin(request, url);
}
