import { error, type RequestEvent } from '@sveltejs/kit';
import * as publications from './publications';
import { publicPage } from '../publish/page';

/**
 * A public page as a response: the stored article in its reading layout, cacheable, and
 * revalidated cheaply by ETag. Unpublished documents and unknown versions are 404.
 */
export async function publicPageResponse(event: RequestEvent, documentId: number, version?: number): Promise<Response> {
	const view = await publications.publicView(documentId, version);
	if (!view) error(404, { message: 'There is no published page here.' });
	const sideBySide = event.url.searchParams.get('view') === 'source';
	const p = view.publication;
	// Changes with the version shown, the current one, the versions listed and the view.
	const etag = `"p${p.id}-c${view.currentVersion}-n${view.versions.length}${sideBySide ? '-s' : ''}"`;
	const headers = {
		etag,
		'cache-control': 'public, max-age=60',
		'content-type': 'text/html; charset=utf-8',
		'x-content-type-options': 'nosniff',
		// The page needs nothing but its own inline styles: no script of any origin can run.
		'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https:; base-uri 'none'; form-action 'none'"
	};
	if (event.request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
	const html = publicPage({
		documentId,
		title: p.title,
		sourceLang: p.sourceLang,
		targetLang: p.targetLang,
		version: p.version,
		publishedAt: p.createdAt,
		html: p.html,
		versions: view.versions,
		currentVersion: view.currentVersion,
		sideBySide: sideBySide ? p.segments.map((s) => ({ source: s.source, target: s.target })) : null
	});
	return new Response(html, { headers });
}
