import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/test-db';
import { getDb } from '../db/db';
import * as revisions from './revisions';
import * as segments from './segments';
import { createDocument, createTeam, editSegment, paragraph, segmentAs, submittedDocument, type Team } from '../testing/factories';
import { plainText } from '../../import/model';

// Integration: the one save verb against this file's own database (PGlite, or Postgres with
// TEST_DATABASE_URL). No HTTP: these are the guarantees every door relies on.

useTestDatabase();

let team: Team;

beforeAll(async () => {
	team = await createTeam({ name: 'Jixi Daily', targetLang: 'en' });
});

/** A one-segment document whose MT is `mt`; returns the segment and its MT revision. */
async function importSegment(mt: string): Promise<{ segmentId: number; mtRevisionId: number }> {
	const doc = await createDocument(team, { mt: [mt], source: ['鸡西市举行了活动。'] });
	return { segmentId: doc.segments[0].id, mtRevisionId: doc.segments[0].revisionId! };
}

async function currentRevisionId(segmentId: number): Promise<number | null> {
	const row = await getDb().selectFrom('segments').select('currentRevisionId').where('id', '=', segmentId).executeTakeFirstOrThrow();
	return row.currentRevisionId;
}

/** The revisions from the segment's current one back to the first, following parentId. */
async function chainFromCurrent(segmentId: number): Promise<revisions.RevisionSummary[]> {
	const byId = new Map((await revisions.listRevisions(getDb(), await segmentAs(team.translator, segmentId))).map((r) => [r.id, r]));
	const chain: revisions.RevisionSummary[] = [];
	for (let id = await currentRevisionId(segmentId); id !== null;) {
		const revision = byId.get(id);
		if (!revision) throw new Error(`revision ${id} is not in the segment's history`);
		chain.push(revision);
		id = revision.parentId;
	}
	return chain;
}

const save = (segmentId: number, input: Parameters<typeof segments.saveSegment>[2], actor = team.translator) =>
	segments.saveSegment(getDb(), { id: segmentId, actor }, input);

async function expectRefusal(promise: Promise<unknown>, code: string, field?: string) {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error, 'expected a DomainError').toMatchObject({ name: 'DomainError', code, ...(field ? { field } : {}) });
}

describe('concurrent saves of one segment', () => {
	it('apply exactly one of 50 saves based on the same revision; the other 49 get the winner as a conflict', async () => {
		const { segmentId, mtRevisionId } = await importSegment('The Ten Thousand Project opened in Harbin.');
		const results = await Promise.all(
			Array.from({ length: 50 }, (_, i) =>
				save(segmentId, { content: paragraph(`The Ten Million Project opened in Harbin (edit ${i}).`), baseRevisionId: mtRevisionId })
			)
		);

		const applied = results.filter((r) => r.ok);
		const conflicts = results.filter((r) => !r.ok);
		expect(applied).toHaveLength(1);
		expect(conflicts).toHaveLength(49);
		const winner = applied[0];
		if (!winner.ok) throw new Error('unreachable');
		expect(winner.unchanged).toBe(false);
		const winningText = plainText((await revisions.getRevision(getDb(), await segmentAs(team.translator, segmentId), winner.segment.revisionId!))!.content);
		for (const conflict of conflicts) {
			if (conflict.ok) throw new Error('unreachable');
			expect(conflict.current).toMatchObject({ revisionId: winner.segment.revisionId, text: winningText, author: team.translator.name });
			expect(conflict.segment).toMatchObject({ revisionId: winner.segment.revisionId, state: 'edited', text: winningText, lastEditor: team.translator.name });
		}

		// No gaps and no orphans: the losers inserted nothing.
		const chain = await chainFromCurrent(segmentId);
		expect(chain.map((r) => r.id)).toEqual([winner.segment.revisionId, mtRevisionId]);
		expect(chain.map((r) => r.origin)).toEqual(['human', 'mt']);
		expect(await revisions.listRevisions(getDb(), await segmentAs(team.translator, segmentId))).toHaveLength(2);
	});

	it('lands all of 50 saves that retry on top of each conflict, in one unbroken chain', async () => {
		const { segmentId, mtRevisionId } = await importSegment('Harbin welcomed visitors from 50 countries.');
		let attempts = 0;
		const saveUntilApplied = async (i: number): Promise<number> => {
			let base: number | null = mtRevisionId;
			for (;;) {
				attempts++;
				const result: segments.SaveOutcome = await save(segmentId, {
					content: paragraph(`Harbin welcomed visitors from ${i + 1} cities.`),
					baseRevisionId: base
				});
				if (result.ok) return result.segment.revisionId!;
				// As the conflict view does for "keep mine": save again on top of theirs.
				base = result.current.revisionId;
			}
		};
		const landed = await Promise.all(Array.from({ length: 50 }, (_, i) => saveUntilApplied(i)));
		expect(new Set(landed).size).toBe(50);

		const chain = await chainFromCurrent(segmentId);
		expect(chain).toHaveLength(51);
		expect(chain.at(-1)!.id).toBe(mtRevisionId);
		const oldestFirst = [...chain].reverse();
		// Saves are serialised by the segment's row lock, so each revision's parent is the one before it.
		oldestFirst.slice(1).forEach((revision, i) => expect(revision.parentId).toBe(oldestFirst[i].id));
		expect(oldestFirst.map((r) => r.id)).toEqual([...oldestFirst.map((r) => r.id)].sort((a, b) => a - b));
		expect(new Set(chain.slice(0, 50).map((r) => r.text)).size).toBe(50);
		expect(await revisions.listRevisions(getDb(), await segmentAs(team.translator, segmentId))).toHaveLength(51);
		console.log(`50 concurrent savers with retries: ${attempts} attempts for 50 revisions`);
	});
});

describe('the save verb', () => {
	it('answers a save with the segment as it is now, and a conflict with what won', async () => {
		const { segmentId, mtRevisionId } = await importSegment('Harbin opened a park.');
		const saved = await save(segmentId, { baseRevisionId: mtRevisionId, text: 'Harbin opened a new park.', secondsSpent: 12 });
		expect(saved).toMatchObject({
			ok: true,
			unchanged: false,
			segment: { id: segmentId, state: 'edited', text: 'Harbin opened a new park.', lastEditor: team.translator.name, differsFromMt: true }
		});
		if (!saved.ok) return;
		expect(saved.segment.updatedAt).toBeInstanceOf(Date);

		const stale = await save(segmentId, { baseRevisionId: mtRevisionId, text: 'A competing edit.' }, team.owner);
		expect(stale).toMatchObject({
			ok: false,
			message: expect.stringMatching(/.{20}/),
			current: { revisionId: saved.segment.revisionId, text: 'Harbin opened a new park.', author: team.translator.name },
			segment: { revisionId: saved.segment.revisionId, state: 'edited', lastEditor: team.translator.name, differsFromMt: true }
		});

		// Back to the MT's text: state mt, no longer different from it.
		const back = await save(segmentId, { baseRevisionId: saved.segment.revisionId, text: 'Harbin opened a park.' });
		expect(back).toMatchObject({ ok: true, segment: { state: 'mt', differsFromMt: false } });
	});

	it('refuses the same input on the fast path and the careful one', async () => {
		const { segmentId, mtRevisionId } = await importSegment('Daqing grew.');
		// The first save makes the segment known to this process; the second is the one-round-trip path.
		const first = await save(segmentId, { baseRevisionId: mtRevisionId, text: 'Daqing grew fast.' });
		if (!first.ok) throw new Error('unexpected conflict');
		const base = first.segment.revisionId;
		const access = await segmentAs(team.translator, segmentId);
		const long = { type: 'paragraph', content: [{ type: 'text', text: 'x'.repeat(900_000) }] };
		for (const door of [{ id: segmentId, actor: team.translator }, access]) {
			await expectRefusal(segments.saveSegment(getDb(), door, { baseRevisionId: base, text: '' }), 'invalid', 'text');
			await expectRefusal(segments.saveSegment(getDb(), door, { baseRevisionId: base, text: 'x'.repeat(20_001) }), 'invalid', 'text');
			await expectRefusal(segments.saveSegment(getDb(), door, { baseRevisionId: base, content: long }), 'invalid', 'content');
			await expectRefusal(segments.saveSegment(getDb(), door, { baseRevisionId: 99_999_999_999, text: 'Fine.' }), 'invalid', 'baseRevisionId');
			await expectRefusal(segments.saveSegment(getDb(), door, { baseRevisionId: base, text: 'Fine.', secondsSpent: -1 }), 'invalid', 'secondsSpent');
		}
		await expectRefusal(save(segmentId, { baseRevisionId: base, text: 'A reviewer outside review.' }, team.reviewer), 'forbidden');
		await expectRefusal(save(segmentId, { baseRevisionId: base, text: 'An outsider.' }, team.outsider), 'not_found');
		// A non-member hears 404 before anything about their input.
		await expectRefusal(save(segmentId, { baseRevisionId: base, text: '' }, team.outsider), 'not_found');
		expect(await currentRevisionId(segmentId)).toBe(base);
	});

	it('saves a segment this process has seen in one statement (bench/save.bench.ts relies on it)', async () => {
		const { segmentId, mtRevisionId } = await importSegment('Suihua.');
		const first = await save(segmentId, { baseRevisionId: mtRevisionId, text: 'Suihua City.' });
		if (!first.ok) throw new Error('unexpected conflict');
		let statements = 0;
		const counting = getDb().withPlugin({
			transformQuery: (args) => (statements++, args.node),
			transformResult: async (args) => args.result
		});
		const second = await segments.saveSegment(
			counting,
			{ id: segmentId, actor: team.translator },
			{ baseRevisionId: first.segment.revisionId, text: 'Suihua, a city.' }
		);
		expect(second).toMatchObject({ ok: true, segment: { text: 'Suihua, a city.', lastEditor: team.translator.name } });
		expect(statements).toBe(1);
	});

	it('lets reviewers edit only while a segment is in review, and keeps it there', async () => {
		const doc = await submittedDocument(team, { mt: ['Qiqihar.'] });
		const [segment] = doc.segments;
		const edited = await save(segment.id, { baseRevisionId: segment.revisionId, text: 'Qiqihar City.' }, team.reviewer);
		expect(edited).toMatchObject({ ok: true, segment: { state: 'submitted', lastEditor: team.reviewer.name } });
		// An owner's review edit outside review is a state conflict, not a permission one.
		const draft = await createDocument(team, { mt: ['Mudanjiang.'] });
		await expectRefusal(
			save(draft.segments[0].id, { baseRevisionId: draft.segments[0].revisionId, text: 'Mudanjiang City.', review: true }, team.owner),
			'conflict'
		);
	});

	it('records nothing for an unchanged save and says who wrote the current text', async () => {
		const { segmentId } = await importSegment('Jiamusi.');
		const revisionId = await editSegment(team.owner, segmentId, 'Jiamusi City.');
		const same = await save(segmentId, { baseRevisionId: revisionId, content: { content: [{ text: 'Jiamusi City.', type: 'text' }], type: 'paragraph' } });
		expect(same).toMatchObject({ ok: true, unchanged: true, segment: { revisionId, lastEditor: team.owner.name, state: 'edited' } });
	});
});

describe('restoring a revision', () => {
	it('is for those who may translate: a reviewer is refused and nothing is recorded', async () => {
		const { segmentId, mtRevisionId } = await importSegment('Hegang.');
		const revisionId = await editSegment(team.translator, segmentId, 'Hegang City.');
		const input = { revisionId: mtRevisionId, baseRevisionId: revisionId };
		await expectRefusal(revisions.restoreRevision(getDb(), await segmentAs(team.reviewer, segmentId), input), 'forbidden');
		expect(await currentRevisionId(segmentId)).toBe(revisionId);

		const restored = await revisions.restoreRevision(getDb(), await segmentAs(team.translator, segmentId), input);
		expect(restored).toMatchObject({ ok: true, unchanged: false, segment: { state: 'mt', text: 'Hegang.', differsFromMt: false } });
		const stale = await revisions.restoreRevision(getDb(), await segmentAs(team.translator, segmentId), input);
		expect(stale).toMatchObject({ ok: false, message: expect.stringMatching(/changed since you opened its history/), segment: { state: 'mt' } });
		await expectRefusal(
			revisions.restoreRevision(getDb(), await segmentAs(team.translator, segmentId), { revisionId: 0, baseRevisionId: null }),
			'invalid',
			'revisionId'
		);
		await expectRefusal(
			revisions.restoreRevision(getDb(), await segmentAs(team.translator, segmentId), { revisionId: 99_999_999_999, baseRevisionId: null }),
			'invalid',
			'revisionId'
		);
	});
});

/** Deterministic pseudo-random words: the same seed gives the same text. */
function randomText(words: number, seed: number, vocabulary: string[], separator: string): string {
	let state = seed;
	const next = () => {
		state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
		return state;
	};
	return Array.from({ length: words }, () => vocabulary[(next() >>> 8) % vocabulary.length]).join(separator);
}

describe('bounded diffs', () => {
	// A shared vocabulary in unrelated orders: many short matches, the worst case for an edit-distance diff.
	const english = 'the city of harbin said on sunday that its new project would open to visitors from many countries next year and bring jobs'.split(' ');
	const chinese = '哈尔滨 市 周日 表示 新 项目 明年 将 向 多个 国家 的 游客 开放 并 带来 就业 机会 黑龙江 日报'.split(' ');
	const cases: [string, string, string, string][] = [
		['a 20,000-word pair of unrelated English texts', randomText(20_000, 1, english, ' '), randomText(20_000, 2, english, ' '), 'en'],
		['a 20,000-word pair of unrelated Chinese texts', randomText(20_000, 3, chinese, ''), randomText(20_000, 4, chinese, ''), 'zh-Hans'],
		// Within the size limits, so the edit-distance bound is what stops it.
		['a 4,000-word pair of unrelated English texts', randomText(4_000, 5, english, ' '), randomText(4_000, 6, english, ' '), 'en']
	];

	/** A revision as an older version of the app stored it: the save verb refuses texts this long now. */
	async function storeOldRevision(segmentId: number, parentId: number | null, text: string, authorId: number): Promise<number> {
		const { id } = await getDb()
			.insertInto('revisions')
			.values({ segmentId, parentId, authorId, origin: 'human', content: JSON.stringify(paragraph(text)), text, diff: '[]' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await getDb().updateTable('segments').set({ currentRevisionId: id }).where('id', '=', segmentId).execute();
		return id;
	}

	it.each(cases)('returns a result for %s stored as one segment’s revisions', async (label, mt, edited, locale) => {
		const targetTeam = locale === 'en' ? team : await createTeam({ sourceLang: 'en', targetLang: locale });
		const doc = await createDocument(targetTeam, { mt: ['Placeholder.'], source: ['Source.'] });
		const [{ id: segmentId, revisionId: placeholderId }] = doc.segments;
		const mtRevisionId = await storeOldRevision(segmentId, placeholderId, mt, targetTeam.translator.id);
		const editedId = await storeOldRevision(segmentId, mtRevisionId, edited, targetTeam.translator.id);
		// Past the segment limit a save or a restore is refused, whichever field carries it.
		const refused = segments.saveOnBase(getDb(), await segmentAs(targetTeam.translator, segmentId), {
			content: paragraph(edited + '.'),
			baseRevisionId: editedId,
			mode: 'translate'
		});
		await expect(refused).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(/at most 20,000 characters/) });

		const started = performance.now();
		const diff = await revisions.diffRevisions(getDb(), await segmentAs(targetTeam.translator, segmentId), { from: mtRevisionId, to: editedId });
		const diffMs = performance.now() - started;
		expect(['replaced', 'diff']).toContain(diff.kind);
		const side = (op: 'delete' | 'insert') =>
			diff.parts
				.filter((p) => p.op === 'equal' || p.op === op)
				.map((p) => p.text)
				.join('');
		expect(side('delete')).toBe(mt);
		expect(side('insert')).toBe(edited);
		console.log(
			`${label} (${mt.length.toLocaleString('en')} chars): ` +
				`diffRevisions ${diffMs.toFixed(0)} ms → ${diff.kind}` +
				(diff.kind === 'replaced' ? ` (${diff.reason})` : ` (${diff.parts.length} parts)`)
		);
	});
});
