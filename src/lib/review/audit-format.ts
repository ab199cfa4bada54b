import { REASON_LABELS, type ReviewReason } from './transitions';
import { STATE_LABELS, type SegmentState } from '../text/segment-state';

/** One audit event as the audit pages receive it. */
export interface AuditLine {
	action: string;
	actor: string | null;
	position: number | null;
	documentTitle: string | null;
	details: Record<string, unknown>;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function num(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function str(value: unknown, fallback: string): string {
	return typeof value === 'string' && value ? value : fallback;
}

function stateLabel(value: unknown): string {
	return typeof value === 'string' && value in STATE_LABELS ? STATE_LABELS[value as SegmentState].toLowerCase() : 'unknown';
}

/**
 * An audit event in words: "Rui approved segment 3", "Tamar submitted round 2 (5 segments)".
 * With `inDocument` false (the project log) the document's title is named too.
 */
export function describeAudit(event: AuditLine, inDocument = true): string {
	const who = event.actor ?? 'Someone';
	const d = event.details;
	const position = event.position ?? num(d.position);
	const segment = position === null ? 'a segment' : `segment ${position}`;
	const where = inDocument || !event.documentTitle ? '' : ` of “${event.documentTitle}”`;
	const document = inDocument || !event.documentTitle ? 'the document' : `“${event.documentTitle}”`;
	switch (event.action) {
		case 'document.submitted': {
			const round = num(d.round);
			const segments = num(d.segments);
			const unconfirmed = num(d.unconfirmed);
			const left = unconfirmed ? `; ${unconfirmed} not yet confirmed` : '';
			const counted = segments === null ? '' : ` (${plural(segments, 'segment')}${left})`;
			return `${who} submitted ${round === null ? 'a round' : `round ${round}`}${where}${counted} for review`;
		}
		case 'segment.approved':
			return `${who} approved ${segment}${where}`;
		case 'segment.changes_requested': {
			const reason = typeof d.reason === 'string' && d.reason in REASON_LABELS ? REASON_LABELS[d.reason as ReviewReason] : null;
			const comment = typeof d.comment === 'string' && d.comment ? ` — ${d.comment}` : '';
			return `${who} sent back ${segment}${where}${reason ? ` (${reason})` : ''}${comment}`;
		}
		case 'segment.review_edit':
			return `${who} edited ${segment}${where} in review`;
		case 'segment.reopened':
			return `${who} edited ${segment}${where}, taking it out of review (${stateLabel(d.from)} → ${stateLabel(d.to)})`;
		case 'segments.approved_all': {
			const approved = num(d.approved) ?? 0;
			const positions = Array.isArray(d.positions) ? d.positions.filter((p) => typeof p === 'number') : [];
			const skipped = num(d.skipped) ?? 0;
			const which = positions.length > 0 && positions.length <= 12 ? `: ${positions.join(', ')}` : '';
			const skip = skipped > 0 ? `; four-eyes skipped ${skipped}` : '';
			return `${who} approved all remaining segments${where} (${plural(approved, 'segment')}${which}${skip})`;
		}
		case 'document.approved':
			return `${document[0].toUpperCase()}${document.slice(1)} was approved (last segment approved by ${who})`;
		case 'project.four_eyes':
			return `${who} turned four-eyes review ${d.to === true ? 'on' : 'off'}`;
		case 'project.public_embedding':
			return d.to === true ? `${who} let other sites embed the public pages` : `${who} stopped other sites from embedding the public pages`;
		case 'project.tm_settings': {
			const to = (d.to ?? {}) as Record<string, unknown>;
			const prefill = num(to.prefillScore);
			return `${who} set the translation memory to show matches from ${num(to.minScore) ?? '?'} % and ${prefill === null ? 'not to pre-fill segments' : `to pre-fill segments from ${prefill} %`}`;
		}
		case 'tm.imported':
			return `${who} imported a TMX file into the translation memory (${plural(num(d.imported) ?? 0, 'unit')} added, ${plural(num(d.skipped) ?? 0, 'unit')} skipped)`;
		case 'tm.shared':
			return d.reads === true
				? `${who} let this project read the translation memory of “${str(d.sourceName, '?')}”`
				: `${who} let “${str(d.projectName, '?')}” read this project’s translation memory`;
		case 'tm.unshared':
			return d.reads === true
				? `${who} stopped this project reading the translation memory of “${str(d.sourceName, '?')}”`
				: `${who} stopped “${str(d.projectName, '?')}” reading this project’s translation memory`;
		case 'project.created':
			return `${who} created the project${typeof d.name === 'string' ? ` “${d.name}”` : ''}`;
		case 'member.added':
			return `${who} added ${str(d.name, 'a member')} as ${str(d.role, 'member')}`;
		case 'member.role_changed':
			return `${who} changed ${str(d.name, 'a member')}’s role from ${str(d.from, '?')} to ${str(d.to, '?')}`;
		case 'member.removed':
			return `${who} removed ${str(d.name, 'a member')} (${str(d.role, 'member')})`;
		case 'comment.added':
			return `${who} commented on ${segment}${where}`;
		case 'document.published':
			return `${who} published ${document} as version ${num(d.version) ?? '?'}`;
		case 'document.rolled_back':
			return `${who} made version ${num(d.to) ?? '?'} of ${document} the published one again (was version ${num(d.from) ?? '?'})`;
		case 'document.assigned': {
			const to = [
				`translator ${str(d.translator, 'nobody')}`,
				`reviewer ${str(d.reviewer, 'nobody')}`,
				typeof d.dueDate === 'string' ? `due ${d.dueDate}` : 'no due date'
			];
			return `${who} assigned ${document}: ${to.join(', ')}`;
		}
		case 'document.unassigned':
			return `${str(d.name, 'A member')} is no longer the ${str(d.as, 'assignee')} of ${document} (${d.reason === 'removed' ? 'removed from the project' : 'their role changed'} by ${who})`;
		case 'document.renamed':
			return `${who} renamed “${str(d.from, '?')}” to “${str(d.to, '?')}”`;
		case 'document.replaced': {
			const left = num(d.conflicts) ? `; ${plural(num(d.conflicts) ?? 0, 'segment')} changed meanwhile left as saved` : '';
			return `${who} replaced “${str(d.find, '?')}” with “${str(d.replace, '')}” in ${plural(num(d.changed) ?? 0, 'segment')}${where}${left}`;
		}
		case 'document.pretranslate_started':
			return `${who} started ${d.mode === 'tm' ? 'pre-filling' : 'pre-translating'} ${document}${d.mode === 'tm' ? ' from the translation memory' : ''}`;
		case 'document.pretranslated': {
			const failed = num(d.failed) ?? 0;
			const from = [
				num(d.tm) ? `${plural(num(d.tm) ?? 0, 'segment')} from the translation memory` : null,
				num(d.mt) ? `${plural(num(d.mt) ?? 0, 'segment')} by ${str(d.engine, 'MT')}` : null
			]
				.filter(Boolean)
				.join(' and ');
			return `Pre-translation started by ${who} filled ${from || 'no segment'}${where}${failed ? `; ${plural(failed, 'segment')} could not be filled` : ''}`;
		}
		case 'document.deleted': {
			const counts = [plural(num(d.segments) ?? 0, 'segment'), plural(num(d.revisions) ?? 0, 'revision'), plural(num(d.comments) ?? 0, 'comment')];
			return `${who} deleted “${str(d.documentTitle, '?')}” (${counts.join(', ')})`;
		}
		case 'document.unpublished':
			return `${who} unpublished ${document} (version ${num(d.version) ?? '?'} was public)`;
		case 'project.max_unmodified_mt': {
			const limit = (v: unknown) => (typeof v === 'number' ? `${Math.round(v * 100)} %` : 'no limit');
			return `${who} changed the publish limit on unmodified MT from ${limit(d.from)} to ${limit(d.to)}`;
		}
		case 'project.webhook_added':
			return `${who} added the webhook “${str(d.label, '?')}” (${str(d.url, '?')})`;
		case 'project.webhook_deleted':
			return `${who} deleted the webhook “${str(d.label, '?')}” (${str(d.url, '?')})`;
		case 'segment.qa_ignored':
			return `${who} ignored a QA warning on ${segment}${where} (${str(d.check, '?')}): “${str(d.reason, '')}”`;
		case 'segment.qa_unignored':
			return `${who} stopped ignoring a QA warning on ${segment}${where} (${str(d.check, '?')})`;
		case 'comment.thread_resolved':
			return `${who} resolved a comment thread on ${segment}${where}`;
		default:
			return `${who}: ${event.action}${where}`;
	}
}
