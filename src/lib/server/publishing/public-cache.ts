/**
 * Rendered public pages kept in memory for a moment (see public-page.ts). Its own module so
 * that publishing can forget a document's pages without importing the page code.
 */
export const PUBLIC_PAGE_TTL_MS = 1_000;
const MAX_PAGES = 1_000;
export interface RenderedPage {
	etag: string;
	html: string;
	/** Other sites may frame it (the project's setting). */
	embeddable: boolean;
}

const rendered = new Map<string, RenderedPage & { until: number }>();

export function rememberedPage(key: string, now: number): RenderedPage | undefined {
	const page = rendered.get(key);
	return page && page.until > now ? page : undefined;
}

export function rememberPage(key: string, page: RenderedPage, now: number): void {
	if (rendered.size >= MAX_PAGES) rendered.clear();
	rendered.set(key, { ...page, until: now + PUBLIC_PAGE_TTL_MS });
}

/** Drops the remembered pages of a document: called once its publishing state has changed. */
export function forgetPublicPages(documentId: number): void {
	for (const key of rendered.keys()) if (key.startsWith(`${documentId}:`)) rendered.delete(key);
}
