import { z } from 'zod';
import { inTransaction, type Database } from '../db/db';
import { requireAllowed } from '../permissions';
import { DomainError, validate, type Input } from '../errors';
import { recordAudit } from '../activity/audit';
import { listSegments, type DocumentAccess, type WorkspaceSegment } from './documents';
import { saveOnBase, type SegmentAccess } from './segments';
import { MAX_ID } from '../../validation';
import { plainText, sameBlock, type Block } from '../../import/model';
import { blockOverLimit } from '../../import/block-limits';
import { reviewerMayEdit } from '../../review/transitions';
import {
	MAX_FIND_CHARS,
	MAX_REPLACE_CHARS,
	findMatches,
	inContext,
	replaceInBlock,
	replaceInText,
	type FindOptions,
	type MatchInContext
} from '../../text/find-replace';
import type { SegmentState } from '../db/schema.generated';

// Find and replace across a document's translations. The preview reads; "replace all" saves each
// changed segment as an ordinary revision through the save's compare-and-set, on the revision the
// preview showed (or, without a preview, the one current when it reads), so a segment someone
// changed meanwhile comes back as a conflict and is never overwritten.

/** A preview shows this many matches in context; it counts them all. */
export const MAX_SHOWN_MATCHES = 500;

/** What the page's fields allow (their maxlength), the same limits the schema holds every door to. */
export const REPLACE_LIMITS = { find: MAX_FIND_CHARS, replace: MAX_REPLACE_CHARS } as const;

// Find and replace work within a line: tabs, line breaks and other controls, NUL included, are
// refused rather than dropped (a silently changed find would find something else).
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const lineOfText = (what: string, max: number) =>
	z
		.string({ error: `${what} must be text.` })
		.max(max, `Use at most ${max.toLocaleString('en')} characters in ${what.toLowerCase()}.`)
		.refine((s) => !CONTROL.test(s), `${what} works within one line: remove line breaks, tabs and other control characters.`)
		.refine((s) => !LONE_SURROGATE.test(s), `${what} holds a broken character (half of a surrogate pair); type it again.`);

// A checkbox sends "on" when ticked and nothing otherwise; JSON sends a boolean.
const flag = (name: string) =>
	z
		.union([z.boolean(), z.enum(['on', 'true', 'false'])], { error: `${name} must be true or false.` })
		.optional()
		.transform((v) => v === true || v === 'on' || v === 'true');

const id = z.number().int().positive().max(MAX_ID);

/**
 * The revisions the preview was computed on, as the page's form sends them back: "segment:revision"
 * pairs separated by commas. Only these segments are changed: what the user saw is what is replaced.
 */
const basesSchema = z
	.string({ error: 'bases must list the previewed segments as segment:revision pairs.' })
	.max(400_000, 'The preview was too large to send back; narrow the find and preview again.')
	.transform((value, ctx) => {
		const bases = new Map<number, number>();
		for (const pair of value.split(',').filter((p) => p !== '')) {
			const match = /^([1-9][0-9]{0,9}):([1-9][0-9]{0,9})$/.exec(pair);
			const [segmentId, revisionId] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
			if (!id.safeParse(segmentId).success || !id.safeParse(revisionId).success) {
				ctx.addIssue({ code: 'custom', message: 'bases must list the previewed segments as segment:revision pairs; preview again.' });
				return z.NEVER;
			}
			bases.set(segmentId, revisionId);
		}
		return bases;
	});

export const replaceSchema = z.object({
	find: lineOfText('Find', MAX_FIND_CHARS).refine((s) => s !== '', 'Type the text to find.'),
	replace: lineOfText('Replace with', MAX_REPLACE_CHARS).optional().default(''),
	caseSensitive: flag('caseSensitive'),
	wholeWord: flag('wholeWord'),
	bases: basesSchema.optional()
});

/** What `POST /documents/{id}/replace` and the page's forms send. */
export type ReplaceRequest = Omit<z.input<typeof replaceSchema>, 'bases'>;

export interface PreviewSegment {
	segmentId: number;
	position: number;
	/** The revision the matches were found in: replacing all saves on top of it, or reports a conflict. */
	revisionId: number;
	matchCount: number;
	/** The first matches, in context (all of them unless the preview reached MAX_SHOWN_MATCHES). */
	matches: MatchInContext[];
	/** The text after the replacement. */
	after: string;
	/** Why this segment will be left as it is, when it will be; null when it will change. */
	notChangeable: string | null;
}

export interface ReplacePreview {
	find: string;
	replace: string;
	caseSensitive: boolean;
	wholeWord: boolean;
	/** Matches in every segment, changeable or not. */
	total: number;
	/** Matches in the segments that will change. */
	changeable: number;
	segments: PreviewSegment[];
	/** Some matches are counted but not shown. */
	truncated: boolean;
}

export interface ReplaceResult {
	find: string;
	replace: string;
	caseSensitive: boolean;
	wholeWord: boolean;
	/** Segments saved as a new revision, with how many matches each had replaced. */
	changed: { segmentId: number; position: number; revisionId: number; replacements: number }[];
	/** Segments someone changed after the preview (or while replacing): left as they are now. */
	conflicts: { segmentId: number; position: number; message: string; current: { revisionId: number | null; text: string; author: string | null } }[];
	/** Segments with a match that this member may not change now, and why. */
	notChangeable: { segmentId: number; position: number; reason: string }[];
}

export type ReplaceMode = 'translate' | 'review';
type Mode = ReplaceMode;

/** Translators and owners replace as they save; a reviewer only in segments that are in review, as review edits. */
export function replaceMode(doc: DocumentAccess): Mode {
	requireAllowed(doc, doc.may.translate ? 'translate' : 'review_edit');
	return doc.may.translate ? 'translate' : 'review';
}

const NOT_CHANGEABLE: Partial<Record<SegmentState, string>> = {
	submitted: 'Submitted for review: a reviewer has it now. Edit it in the workspace if it must change.',
	approved: 'Approved: edit it in the workspace if it must change; it will then need review again.'
};

/**
 * Why this member may not change the segment by a replace: a bulk change never takes a segment
 * out of review behind anyone's back (a single save in the workspace may, on purpose).
 */
function lockedBecause(mode: Mode, state: SegmentState): string | null {
	if (mode === 'review') return reviewerMayEdit(state) ? null : 'Not in review: reviewers change segments only while they are in review.';
	return NOT_CHANGEABLE[state] ?? null;
}

interface Planned {
	segment: WorkspaceSegment & { content: Block; revisionId: number };
	matchCount: number;
	text: string;
	matches: ReturnType<typeof findMatches>;
	/** The block after the replacement, or why there is none. */
	result: { content: Block } | { reason: string };
}

/** Every translated segment with a match, and what replacing would make of it. */
function plan(mode: Mode, segments: WorkspaceSegment[], find: string, replace: string, options: FindOptions): Planned[] {
	const planned: Planned[] = [];
	for (const s of segments) {
		if (s.content === null || s.revisionId === null) continue;
		const text = plainText(s.content);
		const matches = findMatches(text, find, options);
		if (matches.length === 0) continue;
		const segment = { ...s, content: s.content, revisionId: s.revisionId };
		planned.push({ segment, matchCount: matches.length, text, matches, result: replacing(mode, segment, matches, replace) });
	}
	return planned;
}

function replacing(mode: Mode, s: Planned['segment'], matches: Planned['matches'], replace: string): Planned['result'] {
	const locked = lockedBecause(mode, s.state);
	if (locked) return { reason: locked };
	const content = replaceInBlock(s.content, matches, replace);
	if (!content) return { reason: 'Replacing would leave the segment empty; edit it in the workspace instead.' };
	const over = blockOverLimit(content);
	return over ? { reason: `The replacement would make it too long: ${over}` } : { content };
}

/** Every match in the document's translations, in context, and which segments replacing all would change. Nothing is saved. */
export async function previewReplace(db: Database, doc: DocumentAccess, input: Input<typeof replaceSchema>): Promise<ReplacePreview> {
	const mode = replaceMode(doc);
	const { find, replace, caseSensitive, wholeWord } = validate(replaceSchema, input);
	const options = { caseSensitive, wholeWord, locale: doc.project.targetLang };
	const planned = plan(mode, await listSegments(db, doc.id), find, replace, options);
	let shown = 0;
	const segments = planned.map((p): PreviewSegment => {
		const take = Math.max(0, Math.min(p.matches.length, MAX_SHOWN_MATCHES - shown));
		shown += take;
		return {
			segmentId: p.segment.id,
			position: p.segment.position,
			revisionId: p.segment.revisionId,
			matchCount: p.matchCount,
			matches: inContext(p.text, p.matches.slice(0, take), replace),
			after: replaceInText(p.text, p.matches, replace),
			notChangeable: 'reason' in p.result ? p.result.reason : null
		};
	});
	const total = planned.reduce((n, p) => n + p.matchCount, 0);
	const changeable = planned.reduce((n, p) => n + ('content' in p.result ? p.matchCount : 0), 0);
	return { find, replace, caseSensitive, wholeWord, total, changeable, segments, truncated: shown < total };
}

/**
 * Replaces every match in the segments this member may change, each saved as a new revision on
 * top of the revision the preview showed (`bases`) or, without them, the current one. A segment
 * that moved on is a conflict, left as it is; one summary goes to the audit log with the saves.
 */
export async function replaceAll(db: Database, doc: DocumentAccess, input: Input<typeof replaceSchema>): Promise<ReplaceResult> {
	const mode = replaceMode(doc);
	const { find, replace, caseSensitive, wholeWord, bases } = validate(replaceSchema, input);
	const options = { caseSensitive, wholeWord, locale: doc.project.targetLang };
	return inTransaction(db, async (trx) => {
		const now = await listSegments(trx, doc.id);
		const result: ReplaceResult = { find, replace, caseSensitive, wholeWord, changed: [], conflicts: [], notChangeable: [] };
		// A previewed segment that has moved on is not replaced, whatever it says now.
		for (const s of now) {
			const base = bases?.get(s.id);
			if (base === undefined || base === s.revisionId) continue;
			result.conflicts.push({
				segmentId: s.id,
				position: s.position,
				message: 'Someone changed this segment after your preview; it was left as they saved it.',
				current: { revisionId: s.revisionId, text: s.text, author: s.lastEditor }
			});
		}
		const inScope = bases ? now.filter((s) => bases.get(s.id) === s.revisionId) : now;
		for (const p of plan(mode, inScope, find, replace, options)) {
			const { segment } = p;
			if ('reason' in p.result) {
				result.notChangeable.push({ segmentId: segment.id, position: segment.position, reason: p.result.reason });
				continue;
			}
			if (sameBlock(p.result.content, segment.content)) continue;
			const outcome = await saveOnBase(trx, accessTo(doc, segment), { content: p.result.content, baseRevisionId: segment.revisionId, mode }).catch(
				(e: unknown) => {
					// A review edit that lost to an approval (or a send-back) meanwhile: that segment is a
					// conflict, the others still change. Nothing was written for it.
					if (e instanceof DomainError && e.code === 'conflict') return { ok: false as const, message: e.message, current: null };
					throw e;
				}
			);
			if (outcome.ok) {
				result.changed.push({ segmentId: segment.id, position: segment.position, revisionId: outcome.segment.revisionId!, replacements: p.matchCount });
			} else {
				const current = outcome.current ?? { revisionId: segment.revisionId, text: segment.text, author: segment.lastEditor };
				result.conflicts.push({
					segmentId: segment.id,
					position: segment.position,
					message: outcome.message,
					current: { revisionId: current.revisionId, text: current.text, author: current.author }
				});
			}
		}
		if (result.changed.length > 0 || result.conflicts.length > 0) {
			await recordAudit(trx, {
				projectId: doc.project.id,
				documentId: doc.id,
				actorId: doc.actor.id,
				action: 'document.replaced',
				details: {
					find,
					replace,
					caseSensitive,
					wholeWord,
					changed: result.changed.length,
					replacements: result.changed.reduce((n, c) => n + c.replacements, 0),
					conflicts: result.conflicts.length,
					notChangeable: result.notChangeable.length,
					positions: result.changed.map((c) => c.position)
				}
			});
		}
		result.conflicts.sort((a, b) => a.position - b.position);
		return result;
	});
}

/** The segment as the save verb takes it, from the document's listing: the same member, the same snapshot. */
function accessTo(doc: DocumentAccess, s: WorkspaceSegment): SegmentAccess {
	return {
		id: s.id,
		documentId: doc.id,
		projectId: doc.project.id,
		targetLang: doc.project.targetLang,
		source: s.source,
		actor: doc.actor,
		role: doc.role,
		may: doc.may,
		snapshot: {
			currentRevisionId: s.revisionId,
			state: s.state,
			text: s.text,
			content: s.content,
			mtText: s.mtText,
			lastEditor: s.lastEditor,
			updatedAt: s.updatedAt,
			confirmedRevisionId: s.confirmed ? s.revisionId : null
		}
	};
}
