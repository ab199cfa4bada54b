import type { PageServerLoad } from './$types';
import { documentForPage } from '$lib/server/http/access';
import * as documents from '$lib/server/documents/documents';
import * as revisions from '$lib/server/documents/revisions';
import { documentHeader } from '$lib/server/review/header';
import { documentMetrics, wordDiff, type WordDiff } from '$lib/diff';

// Every segment is diffed on its own (bounded), and the page as a whole has a time budget: past
// it, the remaining segments are listed without their diff rather than holding the server.
const SEGMENT_DIFF_TIMEOUT_MS = 50;
const PAGE_DIFF_BUDGET_MS = 2_000;

export const load: PageServerLoad = async (event) => {
	const { db, doc } = await documentForPage(event);
	const segments = await documents.listSegments(db, doc.id);
	const locale = doc.project.targetLang;
	// A segment whose current revision is still the imported MT has no later revisions, so no edit time.
	const seconds = await revisions.secondsSpentBySegment(db, doc.id);
	const metrics = documentMetrics(
		segments.map((s) => ({ mt: s.mtText, final: s.text, secondsSpent: seconds.get(s.id) ?? 0 })),
		{ locale }
	);

	const deadline = performance.now() + PAGE_DIFF_BUDGET_MS;
	const rows = segments.map((s, i) => {
		const figures = metrics.perSegment[i];
		const untranslated = s.text.trim() === '';
		let diff: WordDiff | null = null;
		if (!untranslated && performance.now() < deadline) diff = wordDiff(s.mtText ?? '', s.text, { locale, timeoutMs: SEGMENT_DIFF_TIMEOUT_MS });
		return {
			id: s.id,
			position: s.position,
			source: s.source,
			state: s.state,
			lastEditor: s.lastEditor,
			hasMt: s.mtText !== null && s.mtText.trim() !== '',
			untranslated,
			text: diff ? null : s.text,
			diff,
			figures: {
				edited: figures.edited,
				wordsInserted: figures.wordsInserted,
				wordsDeleted: figures.wordsDeleted,
				unmodifiedMtShare: figures.unmodifiedMtShare,
				secondsSpent: seconds.get(s.id) ?? 0
			}
		};
	});

	return {
		...(await documentHeader(db, doc)),
		totals: {
			segmentCount: metrics.segmentCount,
			segmentsWithMt: metrics.segmentsWithMt,
			editedSegments: metrics.editedSegments,
			uneditedSegments: metrics.uneditedSegments,
			untranslatedSegments: metrics.untranslatedSegments,
			mtWords: metrics.mtWords,
			finalWords: metrics.finalWords,
			wordsInserted: metrics.wordsInserted,
			wordsDeleted: metrics.wordsDeleted,
			unmodifiedMtShare: metrics.unmodifiedMtShare,
			finalFromMtShare: metrics.finalFromMtShare,
			editRate: metrics.editRate,
			secondsSpent: metrics.secondsSpent,
			secondsPerWord: metrics.secondsPerWord,
			exact: metrics.exact
		},
		rows
	};
};
