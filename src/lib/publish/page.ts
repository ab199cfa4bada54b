import { escapeHtml, renderBlock } from './render';
import { plainText, type Block } from '../import/model';

export interface PublicPageInput {
	documentId: number;
	title: string;
	sourceLang: string;
	targetLang: string;
	version: number;
	publishedAt: Date;
	/** The article as rendered and stored when this version was published. */
	html: string;
	/** Every version of the document, newest first, and which one is current. */
	versions: { version: number; publishedAt: Date }[];
	currentVersion: number;
	/** Source beside translation instead of the article alone. */
	sideBySide: { source: Block; target: Block }[] | null;
	/** The opening of the article, for link previews and search results (see summaryOf). */
	summary: string;
}

const SUMMARY_LENGTH = 200;

/**
 * The first paragraphs' text, up to about 200 characters, cut at a word (or, in CJK text, a
 * character) with an ellipsis: what a link preview or a search result shows of the article.
 */
export function summaryOf(blocks: Block[], max = SUMMARY_LENGTH): string {
	const text = blocks
		.filter((b) => b.type === 'paragraph')
		.map((b) => plainText(b).replace(/\s+/g, ' ').trim())
		.filter(Boolean)
		.join(' ');
	const chars = Array.from(text);
	if (chars.length <= max) return text;
	const cut = chars.slice(0, max).join('');
	const atSpace = cut.lastIndexOf(' ');
	return `${(atSpace > max / 2 ? cut.slice(0, atSpace) : cut).replace(/[\s,.;:、，。；：]+$/u, '')}…`;
}

const STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #1f4e79; }
* { box-sizing: border-box; }
body { margin: 0; font: 18px/1.65 Georgia, "Noto Serif", "Noto Serif CJK SC", serif; color: var(--ink); background: #fff; }
header, main, footer { max-width: 44rem; margin: 0 auto; padding: 0 1.25rem; }
main.wide { max-width: 72rem; }
header { padding-top: 2.5rem; }
h1 { font-size: 2rem; line-height: 1.25; margin: 0 0 .75rem; }
.meta { font: 15px/1.5 system-ui, sans-serif; color: var(--muted); margin: 0 0 2rem; }
.meta a { color: var(--accent); }
article h1, article h2, article h3, article h4, article h5, article h6 { line-height: 1.3; margin: 2rem 0 .75rem; }
article p { margin: 0 0 1.1rem; }
article a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; }
td { vertical-align: top; padding: .6rem .75rem; border-top: 1px solid var(--line); width: 50%; }
td p, td h1, td h2, td h3, td h4, td h5, td h6 { margin: 0; font-size: 1rem; }
th { font: 600 13px/1.4 system-ui, sans-serif; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); text-align: left; padding: .5rem .75rem; }
footer { font: 14px/1.5 system-ui, sans-serif; color: var(--muted); border-top: 1px solid var(--line); margin-top: 3rem; padding-top: 1rem; padding-bottom: 2rem; }
nav ol { list-style: none; padding: 0; margin: .25rem 0 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
nav a { color: var(--accent); }
`;

const dateLabel = (d: Date) => d.toLocaleDateString('en', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

/**
 * The whole public page: a reading layout around the stored article HTML. Everything that
 * comes from the document is escaped here or was escaped when the article was rendered.
 */
export function publicPage(p: PublicPageInput): string {
	const base = `/p/${p.documentId}`;
	const own = `${base}/v/${p.version}`;
	const lang = escapeHtml(p.targetLang);
	const isCurrent = p.version === p.currentVersion;
	const versions = p.versions
		.map((v) => {
			const label = `Version ${v.version}${v.version === p.currentVersion ? ' (current)' : ''}, ${dateLabel(v.publishedAt)}`;
			return v.version === p.version ? `<li aria-current="page">${label}</li>` : `<li><a href="${base}/v/${v.version}">${label}</a></li>`;
		})
		.join('');
	const body = p.sideBySide
		? `<main class="wide"><table><thead><tr><th scope="col">Source (${escapeHtml(p.sourceLang)})</th><th scope="col">Translation (${lang})</th></tr></thead><tbody>${p.sideBySide
				.map((s) => `<tr><td lang="${escapeHtml(p.sourceLang)}">${renderBlock(s.source)}</td><td lang="${lang}">${renderBlock(s.target)}</td></tr>`)
				.join('')}</tbody></table></main>`
		: `<main><article lang="${lang}">${p.html}</article></main>`;
	const viewLink = p.sideBySide ? `<a href="${own}">Translation only</a>` : `<a href="${own}?view=source">Source beside translation</a>`;
	return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)}</title>
<meta name="description" content="${escapeHtml(p.summary)}">
<meta property="og:type" content="article">
<meta property="og:title" content="${escapeHtml(p.title)}">
<meta property="og:description" content="${escapeHtml(p.summary)}">
<meta property="article:published_time" content="${p.publishedAt.toISOString()}">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="canonical" href="${isCurrent ? base : own}">
<style>${STYLE}</style>
</head>
<body>
<header>
<h1 lang="${lang}">${escapeHtml(p.title)}</h1>
<p class="meta">Published ${dateLabel(p.publishedAt)} · Version ${p.version}${isCurrent ? '' : ` · <a href="${base}">Read the current version (${p.currentVersion})</a>`} · ${viewLink}</p>
</header>
${body}
<footer>
<nav aria-label="Versions"><strong>Versions</strong><ol>${versions}</ol></nav>
<p>Translated from ${escapeHtml(p.sourceLang)} and reviewed with Rendition.</p>
</footer>
</body>
</html>
`;
}
