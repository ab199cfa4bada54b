import type { Block } from '../../import/model';
import type { Concordance } from './concordance';
import type { SegmentMatches, TmSettings } from './tm';
import type { TmxImportResult } from './tmx-import';
import type { MemoryShare } from './shares';

// What the API and the workspace receive: the shapes of docs/api.md.

export interface MatchJson {
	kind: 'tm';
	unitId: number;
	score: number;
	source: string;
	target: string;
	sourceContent: Block;
	targetContent: Block;
	origin: { kind: 'approval' | 'import'; projectId: number; documentId: number | null; documentTitle: string | null; author: string | null; createdAt: string };
}

export function matchesJson(result: SegmentMatches): { minScore: number; matches: MatchJson[] } {
	return {
		minScore: result.minScore,
		matches: result.matches.map((m) => ({
			kind: 'tm',
			unitId: m.unitId,
			score: m.score,
			source: m.sourceText,
			target: m.targetText,
			sourceContent: m.source,
			targetContent: m.target,
			origin: {
				kind: m.origin,
				projectId: m.projectId,
				documentId: m.documentId,
				documentTitle: m.documentTitle,
				author: m.author,
				createdAt: m.createdAt.toISOString()
			}
		}))
	};
}

export interface ConcordanceJson {
	unitId: number;
	source: string;
	target: string;
	sourceSpans: [number, number][];
	targetSpans: [number, number][];
	projectId: number;
	documentId: number | null;
	documentTitle: string | null;
	author: string | null;
	createdAt: string;
}

export function concordanceJson({ hits, more }: Concordance): { results: ConcordanceJson[]; more: boolean } {
	return {
		more,
		results: hits.map((h) => ({
			unitId: h.unitId,
			source: h.sourceText,
			target: h.targetText,
			sourceSpans: h.sourceSpans,
			targetSpans: h.targetSpans,
			projectId: h.projectId,
			documentId: h.documentId,
			documentTitle: h.documentTitle,
			author: h.author,
			createdAt: h.createdAt.toISOString()
		}))
	};
}

export interface TmSettingsJson {
	minScore: number;
	prefillScore: number | null;
	units: number;
}

export function tmSettingsJson(s: TmSettings): TmSettingsJson {
	return { minScore: s.minScore, prefillScore: s.prefillScore, units: s.units };
}

export interface TmxImportJson {
	imported: number;
	skipped: number;
	skips: { line: number; reason: string }[];
}

export function tmxImportJson(r: TmxImportResult): TmxImportJson {
	return { imported: r.imported, skipped: r.skipped, skips: r.skips.map((s) => ({ line: s.line, reason: s.reason })) };
}

export function sharesJson(shares: MemoryShare[]) {
	return { shares: shares.map((s) => ({ projectId: s.projectId, name: s.name, slug: s.slug, shared: s.shared, canChange: s.canChange, units: s.units })) };
}

export type MemoryShareJson = ReturnType<typeof sharesJson>['shares'][number];
