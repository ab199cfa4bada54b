import { error, type RequestEvent } from '@sveltejs/kit';
import { getDb } from '../db/db';
import * as publications from './publications';
import { publicPage, summaryOf } from '../../publish/page';
import { rememberedPage, rememberPage, type RenderedPage } from './public-cache';

/**
 * A public page as a response: the stored article in its reading layout, cacheable, and
 * revalidated cheaply by ETag. Unpublished documents and unknown versions are 404.
 */
export async function publicPageResponse(event: RequestEvent, documentId: number, version?: number): Promise<Response> {
	const sideBySide = event.url.searchParams.get('view') === 'source';
	const key = `${documentId}:${version ?? 'current'}:${sideBySide ? 's' : 'a'}`;
	const now = Date.now();
	let page = rememberedPage(key, now);
	if (!page) {
		// Readers may arrive by the thousand when an article is shared: the database is asked
		// once per PUBLIC_PAGE_TTL_MS, and not at all while a page is being read again.
		page = (await renderPage(documentId, version, sideBySide)) ?? error(404, { message: 'There is no published page here.' });
		rememberPage(key, page, now);
	}
	const { etag, html, embeddable } = page;
	const headers: Record<string, string> = {
		etag,
		'cache-control': 'public, max-age=60',
		'content-type': 'text/html; charset=utf-8',
		'x-content-type-options': 'nosniff',
		// The page needs nothing but its own inline styles: no script of any origin can run. Other
		// sites may frame it only where the project's owners allow it (it has no buttons to trick
		// anyone into, but a frame can pass the text off as the framing site's own).
		'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https:; base-uri 'none'; form-action 'none'; frame-ancestors ${embeddable ? '*' : "'none'"}`
	};
	if (!embeddable) headers['x-frame-options'] = 'DENY';
	if (event.request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
	return new Response(html, { headers });
}

async function renderPage(documentId: number, version: number | undefined, sideBySide: boolean): Promise<RenderedPage | null> {
	// Public pages have no caller to take a handle from: the application's database.
	const view = await publications.publicView(getDb(), documentId, version);
	if (!view) return null;
	const p = view.publication;
	// Changes with the version shown, the current one, the versions listed and the view.
	const etag = `"p${p.id}-c${view.currentVersion}-n${view.versions.length}${sideBySide ? '-s' : ''}${view.embeddable ? '-e' : ''}"`;
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
		sideBySide: sideBySide ? p.segments.map((s) => ({ source: s.source, target: s.target })) : null,
		summary: summaryOf(p.segments.map((s) => s.target))
	});
	return { etag, html, embeddable: view.embeddable };
}
