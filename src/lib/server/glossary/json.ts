import type { EntryView, GlossaryListing } from './glossary';
import type { ImportPreview, ImportResult } from './files';

// What the API and the glossary page send for entries: plain objects, dates as ISO strings, the
// names of who proposed and who last changed an entry rather than their ids.

export function entryJson(e: EntryView) {
	return {
		id: e.id,
		source: e.source,
		target: e.target,
		status: e.status,
		caseSensitive: e.caseSensitive,
		partOfSpeech: e.partOfSpeech,
		note: e.note,
		proposed: e.proposed,
		createdBy: e.createdByName,
		createdById: e.createdBy,
		createdAt: e.createdAt.toISOString(),
		updatedBy: e.updatedByName,
		updatedAt: e.updatedAt.toISOString()
	};
}

export type GlossaryEntryJson = ReturnType<typeof entryJson>;

export function glossaryListJson(listing: GlossaryListing) {
	return { entries: listing.entries.map(entryJson), proposals: listing.proposals.map(entryJson), total: listing.total, matching: listing.matching };
}

export type GlossaryListJson = ReturnType<typeof glossaryListJson>;

/** `imported` counts the rows added and the entries they updated. */
export function importResultJson(r: ImportResult) {
	return { imported: r.added + r.updated, added: r.added, updated: r.updated, unchanged: r.unchanged, skipped: r.skipped };
}

export type GlossaryImportJson = ReturnType<typeof importResultJson>;

export function importPreviewJson(p: ImportPreview) {
	return { ...p, sample: p.sample.map((row) => ({ line: row.line, change: row.change, entry: { ...row.entry } })) };
}
