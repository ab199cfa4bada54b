import type { QaCheck, QaContext, QaFinding, QaSegment } from '../qa/types';
import { compileGlossary, normalizeTerm, withEnding, type GlossaryMatcher, type TermMatch } from './match';
import type { GlossaryEntry } from './types';

// The glossary QA check: approved terms missing from the translation, forbidden or deprecated
// terms used in it, and do-not-translate terms changed. The compiled matcher is kept per
// glossary array so that checking every keystroke does not re-index 5,000 entries.

interface Compiled {
	matcher: GlossaryMatcher;
	/** Entries by source term (trimmed, lower case): a term's renditions without a scan of the glossary. */
	bySource: Map<string, GlossaryEntry[]>;
}

const compiled = new WeakMap<readonly GlossaryEntry[], Compiled>();

function sourceKey(source: string): string {
	return normalizeTerm(source).toLowerCase();
}

function compile(glossary: readonly GlossaryEntry[]): Compiled {
	let result = compiled.get(glossary);
	if (!result) {
		const bySource = new Map<string, GlossaryEntry[]>();
		for (const entry of glossary) {
			const key = sourceKey(entry.source);
			bySource.set(key, [...(bySource.get(key) ?? []), entry]);
		}
		result = { matcher: compileGlossary(glossary), bySource };
		compiled.set(glossary, result);
	}
	return result;
}

/** The matcher for a glossary, compiled once per array: pass the same array for every segment. */
export function glossaryMatcher(glossary: readonly GlossaryEntry[]): GlossaryMatcher {
	return compile(glossary).matcher;
}

const APPROVED = new Set(['preferred', 'admitted']);
const UNWANTED = new Set(['forbidden', 'deprecated']);

function termKey(entry: GlossaryEntry, side: 'source' | 'target'): string {
	const term = normalizeTerm(side === 'source' ? entry.source : entry.target);
	return entry.caseSensitive ? term : term.toLowerCase();
}

function quoteList(terms: string[]): string {
	return terms.map((t) => `“${t}”`).join(' or ');
}

/** The preferred rendition of a source term, else an admitted one. */
function replacementFor(source: string, bySource: Compiled['bySource']): GlossaryEntry | undefined {
	const same = bySource.get(sourceKey(source)) ?? [];
	return same.find((e) => e.status === 'preferred') ?? same.find((e) => e.status === 'admitted');
}

function missingTerms(sourceMatches: readonly TermMatch[], targetMatches: readonly TermMatch[], bySource: Compiled['bySource']): QaFinding[] {
	const inTarget = new Set(targetMatches.filter((m) => APPROVED.has(m.entry.status)).map((m) => termKey(m.entry, 'target')));
	const findings: QaFinding[] = [];
	const seen = new Set<string>();
	for (const match of sourceMatches) {
		if (!APPROVED.has(match.entry.status)) continue;
		const spanKey = `${match.span.start}:${match.span.end}`;
		if (seen.has(spanKey)) continue;
		seen.add(spanKey);
		// Any approved rendition of the same source term will do, including ones on other entries.
		const renditions = (bySource.get(sourceKey(match.entry.source)) ?? []).filter((e) => APPROVED.has(e.status));
		if (renditions.some((e) => inTarget.has(termKey(e, 'target')))) continue;
		const preferred = [...renditions].sort((a, b) => (a.status === 'preferred' ? 0 : 1) - (b.status === 'preferred' ? 0 : 1));
		const names = [...new Set(preferred.map((e) => normalizeTerm(e.target)))];
		findings.push({ message: `“${normalizeTerm(match.entry.source)}” should be translated as ${quoteList(names)}.`, source: match.span });
	}
	return findings;
}

/**
 * "Pujiang experience" may be deprecated while "Pujiang Experience" is preferred: where an
 * approved term matches the same text, the letter case decides which of the two was used.
 */
function isApprovedCaseVariant(used: string, match: TermMatch, targetMatches: readonly TermMatch[]): boolean {
	const approved = targetMatches.filter((m) => APPROVED.has(m.entry.status) && m.span.start === match.span.start && m.span.end === match.span.end);
	if (approved.length === 0) return false;
	const text = used.replace(/\s+/gu, ' ');
	return !text.startsWith(normalizeTerm(match.entry.target)) || approved.some((m) => text.startsWith(normalizeTerm(m.entry.target)));
}

function unwantedTerms(target: string, targetMatches: readonly TermMatch[], bySource: Compiled['bySource']): QaFinding[] {
	const findings: QaFinding[] = [];
	const seen = new Set<string>();
	for (const match of targetMatches) {
		if (!UNWANTED.has(match.entry.status)) continue;
		const spanKey = `${match.span.start}:${match.span.end}`;
		if (seen.has(spanKey)) continue;
		const used = target.slice(match.span.start, match.span.end);
		if (isApprovedCaseVariant(used, match, targetMatches)) continue;
		seen.add(spanKey);
		const better = replacementFor(match.entry.source, bySource);
		const kind = match.entry.status === 'forbidden' ? 'a forbidden term' : 'a deprecated term';
		const finding: QaFinding = { message: `“${used}” is ${kind}`, target: match.span };
		if (better) {
			const replacement = withEnding(normalizeTerm(better.target), match.ending);
			finding.message += `; use “${replacement}”.`;
			finding.fix = { target: match.span, replacement, label: `Replace with “${replacement}”` };
		} else {
			finding.message += '.';
		}
		findings.push(finding);
	}
	return findings;
}

function changedDoNotTranslate(sourceMatches: readonly TermMatch[], target: string): QaFinding[] {
	const findings: QaFinding[] = [];
	for (const match of sourceMatches) {
		if (match.entry.status !== 'do_not_translate') continue;
		const term = normalizeTerm(match.entry.target || match.entry.source);
		if (term && target.includes(term)) continue;
		findings.push({ message: `“${term}” must not be translated: keep it exactly as written.`, source: match.span });
	}
	return findings;
}

function runGlossary(segment: QaSegment, context: QaContext): QaFinding[] {
	const glossary = context.glossary;
	if (!glossary || glossary.length === 0) return [];
	const { matcher, bySource } = compile(glossary);
	const sourceMatches = matcher.find(segment.source ?? '', 'source', context.sourceLang);
	const targetMatches = matcher.find(segment.target ?? '', 'target', context.targetLang);
	const target = segment.target ?? '';
	// An empty target is the "empty" check's business; listing every term of it would be noise.
	const missing = target.trim() ? missingTerms(sourceMatches, targetMatches, bySource) : [];
	return [...missing, ...unwantedTerms(target, targetMatches, bySource), ...(target.trim() ? changedDoNotTranslate(sourceMatches, target) : [])];
}

export const glossaryCheck: QaCheck = {
	id: 'glossary',
	severity: 'warning',
	label: 'Glossary',
	run: runGlossary
};

export interface ConsistencyFinding extends QaFinding {
	/** Index, in the segments given, of the segment the finding is about. */
	segment: number;
}

/**
 * The same glossary source term rendered two ways in one document: each segment whose
 * rendition differs from the one most segments use is flagged on its source term.
 */
export function glossaryConsistencyFindings(segments: readonly QaSegment[], context: QaContext): ConsistencyFinding[] {
	const glossary = context.glossary;
	if (!glossary || glossary.length === 0) return [];
	const matcher = glossaryMatcher(glossary);
	// source term → rendition used → where (segment index and source span)
	const uses = new Map<string, Map<string, { segment: number; match: TermMatch }[]>>();
	segments.forEach((segment, index) => {
		const targetKeys = new Set(matcher.find(segment.target ?? '', 'target', context.targetLang).map((m) => termKey(m.entry, 'target')));
		for (const match of matcher.find(segment.source ?? '', 'source', context.sourceLang)) {
			if (!APPROVED.has(match.entry.status)) continue;
			const rendition = termKey(match.entry, 'target');
			if (!targetKeys.has(rendition)) continue;
			const source = normalizeTerm(match.entry.source);
			const byRendition = uses.get(source) ?? new Map();
			uses.set(source, byRendition);
			const list = byRendition.get(rendition) ?? [];
			if (!list.some((u: { segment: number }) => u.segment === index)) list.push({ segment: index, match });
			byRendition.set(rendition, list);
		}
	});
	const findings: ConsistencyFinding[] = [];
	for (const [source, byRendition] of uses) {
		if (byRendition.size < 2) continue;
		const ranked = [...byRendition.entries()].sort((a, b) => b[1].length - a[1].length);
		const [, majority] = ranked[0];
		const usual = normalizeTerm(majority[0].match.entry.target);
		for (const [, list] of ranked.slice(1)) {
			for (const use of list) {
				const other = normalizeTerm(use.match.entry.target);
				findings.push({
					segment: use.segment,
					source: use.match.span,
					message: `“${source}” is translated as “${other}” here but as “${usual}” elsewhere in the document.`
				});
			}
		}
	}
	return findings;
}
