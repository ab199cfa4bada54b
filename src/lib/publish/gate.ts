import { documentMetrics } from '../diff/metrics';
import type { SegmentState } from '../server/db/schema.generated';
import { percent } from '../text/percent';

// The publish gate's reasons: pure, so the page's verdict and the publish verb's refusal are the
// same function of the same rows.

export type GateReason =
	| { kind: 'not_approved'; message: string; segments: { position: number; state: SegmentState }[] }
	| { kind: 'unmodified_mt'; message: string; share: number; limit: number; segments: { position: number; share: number }[] }
	| { kind: 'qa_errors'; message: string; issues: GateQaError[] };

/** An error-level QA issue open on the text that would be published. */
export interface GateQaError {
	segmentId: number;
	position: number;
	check: string;
	message: string;
}

/** What the gate knows of a segment: its state, whether its current text is the approved one, its texts. */
export interface GateSegment {
	position: number;
	state: SegmentState;
	approvedRevisionId: number | null;
	currentRevisionId: number | null;
	/** The approved text ('' when none). */
	text: string;
	mtText: string | null;
}

// A reason may name every segment of a long document; its message names the first ones.
const NAMED = 20;

/**
 * Why the document cannot be published now; empty when it can. `limit` is a share from 0 to 1,
 * null for none; `qaErrors` are the error-level QA issues of the approved text.
 */
export function gateReasons(segments: readonly GateSegment[], limit: number | null, locale: string, qaErrors: readonly GateQaError[] = []): GateReason[] {
	const reasons: GateReason[] = [];
	// Only approved text is published: approved, and still the text the reviewer approved.
	const pending = segments.filter((s) => s.state !== 'approved' || s.approvedRevisionId !== s.currentRevisionId);
	if (pending.length > 0) {
		reasons.push({
			kind: 'not_approved',
			message: `${pending.length} of ${segments.length} segment${segments.length === 1 ? ' is' : 's are'} not approved: ${pending
				.slice(0, NAMED)
				.map((s) => s.position)
				.join(', ')}${pending.length > NAMED ? ', …' : ''}.`,
			segments: pending.map((s) => ({ position: s.position, state: s.state }))
		});
	}
	if (limit !== null) {
		const metrics = documentMetrics(
			segments.map((s) => ({ mt: s.mtText, final: s.text, secondsSpent: 0 })),
			{ locale }
		);
		const share = metrics.unmodifiedMtShare;
		if (share !== null && share > limit) {
			const worst = segments
				.map((s, i) => ({ position: s.position, share: metrics.perSegment[i].unmodifiedMtShare ?? 0 }))
				.filter((s) => s.share > limit)
				.sort((a, b) => b.share - a.share);
			reasons.push({
				kind: 'unmodified_mt',
				message: `${percent(share)} of the machine translation is unmodified; this project publishes at most ${percent(limit)}. Most unmodified: segment${worst.length === 1 ? '' : 's'} ${worst
					.slice(0, NAMED)
					.map((s) => `${s.position} (${percent(s.share)})`)
					.join(', ')}.`,
				share,
				limit,
				segments: worst
			});
		}
	}
	if (qaErrors.length > 0) {
		const positions = [...new Set(qaErrors.map((e) => e.position))];
		reasons.push({
			kind: 'qa_errors',
			message: `${qaErrors.length} QA error${qaErrors.length === 1 ? ' is' : 's are'} open in segment${positions.length === 1 ? '' : 's'} ${positions
				.slice(0, NAMED)
				.join(', ')}${positions.length > NAMED ? ', …' : ''}: fix ${qaErrors.length === 1 ? 'it' : 'them'} before publishing.`,
			issues: qaErrors.map(({ segmentId, position, check, message }) => ({ segmentId, position, check, message }))
		});
	}
	return reasons;
}
