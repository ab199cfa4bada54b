import { describe, expect, it } from 'vitest';
import { getDb } from '../db/db';
import { useTestDatabase } from '../testing/test-db';
import { approvedDocument, createDocument, createTeam, editSegment, projectAs, segmentAs, documentAs } from '../testing/factories';
import * as review from '../review/review';
import * as projects from '../projects/projects';
import * as segments from '../documents/segments';
import { segmentMatches, searchMemory, setTmSettings, tmSettings } from './tm';
import { concordance } from './concordance';

useTestDatabase();

const FIRST = ['黑龙江省全面实施“千万工程”，打通乡村振兴的最后一公里。', '来源：黑龙江日报', '省科技厅召开党组理论学习中心组会议。'];
const FIRST_EN = [
	'Heilongjiang is carrying out the “Ten Million Project” in full, bridging the last mile of rural revitalisation.',
	'Source: Heilongjiang Daily',
	'The Provincial Department of Science and Technology held a study meeting of its Party group.'
];

describe('translation memory', () => {
	it('remembers approved segments and offers them as exact, context and fuzzy matches', async () => {
		const team = await createTeam();
		await approvedDocument(team, { source: FIRST, mt: FIRST_EN, title: 'First article' });
		const second = await createDocument(team, {
			source: ['黑龙江省全面实施“千万工程”，打通乡村振兴的最后一公里。', '来源：黑龙江日报', '省科协召开党组理论学习中心组会议。'],
			mt: ['MT one', 'MT two', 'MT three']
		});
		const [a, b, c] = second.segments;
		// The first segment is first in both articles and followed by the same one: 101.
		const first = await segmentMatches(getDb(), await segmentAs(team.translator, a.id));
		expect(first.matches[0]).toMatchObject({ score: 101, targetText: FIRST_EN[0], documentTitle: 'First article', origin: 'approval' });
		// The one after it differs from the first article's, so this is 100, not 101.
		const source = await segmentMatches(getDb(), await segmentAs(team.translator, b.id));
		expect(source.matches[0]).toMatchObject({ score: 100, targetText: 'Source: Heilongjiang Daily' });
		const fuzzy = await segmentMatches(getDb(), await segmentAs(team.translator, c.id));
		// 省科协 for 省科技厅: one token replaced by another, one removed, of 17.
		expect(fuzzy.matches[0].score).toBe(88);
		expect(fuzzy.matches[0].targetText).toBe(FIRST_EN[2]);
	});

	it('gives 101 when the neighbouring segments match too', async () => {
		const team = await createTeam();
		await approvedDocument(team, { source: FIRST, mt: FIRST_EN });
		const again = await createDocument(team, { source: FIRST, mt: ['x', 'y', 'z'] });
		const { matches } = await segmentMatches(getDb(), await segmentAs(team.translator, again.segments[1].id));
		expect(matches[0].score).toBe(101);
	});

	it('replaces a re-approved segment’s unit and never offers a segment its own approval', async () => {
		const team = await createTeam();
		const doc = await approvedDocument(team, { source: FIRST, mt: FIRST_EN });
		const own = await segmentMatches(getDb(), await segmentAs(team.translator, doc.segments[0].id));
		expect(own.matches.filter((m) => m.targetText === FIRST_EN[0])).toHaveLength(0);

		// Edited after approval and approved again: the memory holds the correction, and keeps the old unit as replaced.
		await editSegment(team.translator, doc.segments[1].id, 'Source: Heilongjiang Daily (print edition)');
		await review.submitDocument(getDb(), await documentAs(team.translator, doc.id), { includeUnconfirmed: true });
		await review.approveAllRemaining(getDb(), await documentAs(team.reviewer, doc.id));
		const units = await getDb()
			.selectFrom('tmUnits')
			.select(['targetText', 'replacedAt', 'replacedBy'])
			.where('segmentId', '=', doc.segments[1].id)
			.orderBy('id')
			.execute();
		expect(units.map((u) => [u.targetText, u.replacedAt !== null])).toEqual([
			['Source: Heilongjiang Daily', true],
			['Source: Heilongjiang Daily (print edition)', false]
		]);
		expect((await tmSettings(getDb(), team.project)).units).toBe(3);
		// Approving the same text again adds nothing.
		const other = await createDocument(team, { source: ['来源：黑龙江日报'], mt: ['x'] });
		const { matches } = await segmentMatches(getDb(), await segmentAs(team.translator, other.segments[0].id));
		expect(matches.map((m) => m.targetText)).toEqual(['Source: Heilongjiang Daily (print edition)']);
	});

	it('shows a unit to the members of its project only', async () => {
		const team = await createTeam();
		const other = await createTeam();
		await approvedDocument(team, { source: FIRST, mt: FIRST_EN });
		const theirs = await createDocument(other, { source: FIRST, mt: ['a', 'b', 'c'] });
		const seen = await segmentMatches(getDb(), await segmentAs(other.translator, theirs.segments[0].id));
		expect(seen.matches).toEqual([]);
		expect((await searchMemory(getDb(), other.project, { q: '千万工程' })).hits).toEqual([]);
		expect((await searchMemory(getDb(), team.project, { q: '千万工程' })).hits).toHaveLength(1);
		// Someone outside the project cannot reach the segment to ask at all.
		expect(await segments.findSegmentForMember(getDb(), team.outsider, theirs.segments[0].id)).toBeNull();
		expect(await projects.findProjectForMember(getDb(), team.outsider, { id: team.project.id })).toBeNull();
	});

	it('finds a phrase in sources and targets, with where it is', async () => {
		const team = await createTeam();
		await approvedDocument(team, { source: FIRST, mt: FIRST_EN });
		const { hits: han, more } = await searchMemory(getDb(), team.project, { q: '最后一公里' });
		expect(han).toHaveLength(1);
		expect(more).toBe(false);
		expect(FIRST[0].slice(...han[0].sourceSpans[0])).toBe('最后一公里');
		const { hits: latin } = await searchMemory(getDb(), team.project, { q: 'ten  MILLION' });
		expect(FIRST_EN[0].slice(...latin[0].targetSpans[0])).toBe('Ten Million');
		// Whole words only: "Mill" is not in "Million".
		expect((await searchMemory(getDb(), team.project, { q: 'Mill' })).hits).toEqual([]);
		// A single Han character has no index key of its own, and is still found.
		const province = await searchMemory(getDb(), team.project, { q: '省' });
		expect(province.hits).toHaveLength(2);
		// Fewer shown than hold it: the newest, and word that there are more, whichever way they were found.
		for (const q of ['省', '最后一公里', 'heilongjiang']) {
			const all = (await searchMemory(getDb(), team.project, { q })).hits.map((h) => h.unitId);
			const newest = await concordance(getDb(), [team.project.id], q, 1);
			expect(newest).toEqual({ hits: [expect.objectContaining({ unitId: Math.max(...all) })], more: all.length > 1 });
		}
		await expect(searchMemory(getDb(), team.project, { q: '  ' })).rejects.toMatchObject({ code: 'invalid' });
	});

	it('lets an owner set the threshold, and no one else', async () => {
		const team = await createTeam();
		await approvedDocument(team, { source: FIRST, mt: FIRST_EN });
		const doc = await createDocument(team, { source: ['省科协召开党组理论学习中心组会议。'], mt: ['x'] });
		await setTmSettings(getDb(), team.project, { minScore: 90, prefillScore: '' });
		expect((await segmentMatches(getDb(), await segmentAs(team.translator, doc.segments[0].id))).matches).toEqual([]);
		const translator = (await projectAs(team.translator, team.project.id))!;
		await expect(setTmSettings(getDb(), translator, { minScore: 60, prefillScore: null })).rejects.toMatchObject({ code: 'forbidden' });
		await expect(setTmSettings(getDb(), team.project, { minScore: 30, prefillScore: null })).rejects.toMatchObject({ code: 'invalid', field: 'minScore' });
		expect(await tmSettings(getDb(), team.project)).toMatchObject({ minScore: 90, prefillScore: null });
	});
});
