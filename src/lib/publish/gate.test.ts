import { describe, expect, it } from 'vitest';
import { gateReasons, type GateSegment } from './gate';

const approved = (position: number, text: string, mtText: string | null = null): GateSegment => ({
	position,
	state: 'approved',
	approvedRevisionId: position * 10,
	currentRevisionId: position * 10,
	text,
	mtText
});

describe('the publish gate', () => {
	it('lets a document through when every segment is approved at its current text and there is no limit', () => {
		expect(gateReasons([approved(1, 'One.'), approved(2, 'Two.')], null, 'en')).toEqual([]);
	});

	it('names the segments that are not approved, or whose text changed after approval', () => {
		const edited: GateSegment = { ...approved(2, 'Two.'), currentRevisionId: 21 };
		const submitted: GateSegment = { ...approved(3, ''), state: 'submitted', approvedRevisionId: null };
		const [reason, ...rest] = gateReasons([approved(1, 'One.'), edited, submitted], null, 'en');
		expect(rest).toEqual([]);
		expect(reason).toEqual({
			kind: 'not_approved',
			message: '2 of 3 segments are not approved: 2, 3.',
			segments: [
				{ position: 2, state: 'approved' },
				{ position: 3, state: 'submitted' }
			]
		});
	});

	it('lists at most twenty positions in the message but every segment in the reason', () => {
		const pending = Array.from({ length: 25 }, (_, i): GateSegment => ({ ...approved(i + 1, ''), state: 'edited' }));
		const [reason] = gateReasons(pending, null, 'en');
		expect(reason.message).toMatch(/^25 of 25 segments are not approved: 1, 2, .*, 20, …\.$/);
		expect(reason.kind === 'not_approved' && reason.segments).toHaveLength(25);
	});

	it('refuses more unmodified machine translation than the limit, worst segments first', () => {
		const segments = [approved(1, 'The river froze.', 'The river froze.'), approved(2, 'A bridge spans it now.', 'The bridge crosses it.')];
		const [reason, ...rest] = gateReasons(segments, 0.5, 'en');
		expect(rest).toEqual([]);
		expect(reason.kind).toBe('unmodified_mt');
		if (reason.kind !== 'unmodified_mt') return;
		expect(reason.limit).toBe(0.5);
		expect(reason.share).toBeGreaterThan(0.5);
		expect(reason.segments[0]).toEqual({ position: 1, share: 1 });
		expect(reason.message).toMatch(/of the machine translation is unmodified; this project publishes at most 50 %\. Most unmodified: segment/);
		expect(gateReasons(segments, 1, 'en')).toEqual([]);
	});

	it('has nothing to say about machine translation a document does not have', () => {
		expect(gateReasons([approved(1, 'Written by hand.')], 0, 'en')).toEqual([]);
	});

	it('refuses while QA errors are open on the approved text, naming each segment once', () => {
		const errors = [
			{ segmentId: 11, position: 1, check: 'leftover-script', message: 'Replace “丨”.' },
			{ segmentId: 13, position: 3, check: 'glossary', message: 'Use “Ten Million Project”.' },
			{ segmentId: 13, position: 3, check: 'numbers', message: 'Check 3.5万.' }
		];
		const [reason, ...rest] = gateReasons([approved(1, 'A.'), approved(3, 'B.')], null, 'en', errors);
		expect(rest).toEqual([]);
		expect(reason).toEqual({ kind: 'qa_errors', message: '3 QA errors are open in segments 1, 3: fix them before publishing.', issues: errors });
		expect(gateReasons([approved(1, 'A.')], null, 'en', [])).toEqual([]);
	});
});
