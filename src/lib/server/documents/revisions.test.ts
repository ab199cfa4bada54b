import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/test-db';
import { importAs } from '../testing/factories';
import { getDb } from '../db/db';
import * as documents from './documents';
import * as projects from '../projects/projects';
import * as revisions from './revisions';
import * as users from '../accounts/users';
import { blockFromPlainText, plainText, type Block } from '../../import/model';
import type { AuthUser } from '../auth/sessions';
import { MAX_SEGMENT_CHARS } from '../../import/document';

// Integration: the revision domain against this file's own database (PGlite, or Postgres with
// TEST_DATABASE_URL). No HTTP: these are the guarantees every route relies on.

useTestDatabase();

const paragraph = (text: string): Block => blockFromPlainText(text, { type: 'paragraph' });

let translator: AuthUser;
let projectId: number;

beforeAll(async () => {
	translator = await users.createUser(getDb(), { email: 'translator@revisions.test', name: 'Tamar Translator', password: 'correct horse battery' });
	projectId = (await projects.createProject(getDb(), translator, { name: 'Jixi Daily', sourceLang: 'zh-Hans', targetLang: 'en' })).id;
});

/**
 * A one-segment document whose MT is `mt`; returns the segment and its MT revision. The import
 * refuses segments over MAX_SEGMENT_CHARS, so a longer `mt` is saved over a short MT instead.
 */
async function importSegment(mt: string, source = '鸡西市举行了活动。'): Promise<{ segmentId: number; mtRevisionId: number }> {
	const long = mt.length > MAX_SEGMENT_CHARS;
	const doc = await importAs(translator, projectId, {
		title: `Segment for ${mt.slice(0, 20)}`,
		format: 'text',
		source: [paragraph(source)],
		translation: [paragraph(long ? 'Placeholder.' : mt)]
	});
	const [segment] = await documents.listSegments(getDb(), doc.id);
	if (!long) return { segmentId: segment.id, mtRevisionId: segment.revisionId! };
	const saved = await revisions.saveRevision({ segmentId: segment.id, authorId: translator.id, content: paragraph(mt), baseRevisionId: segment.revisionId });
	if (!saved.ok) throw new Error('importSegment: the long text could not be saved');
	return { segmentId: segment.id, mtRevisionId: saved.revisionId };
}

async function currentRevisionId(segmentId: number): Promise<number | null> {
	const row = await getDb().selectFrom('segments').select('currentRevisionId').where('id', '=', segmentId).executeTakeFirstOrThrow();
	return row.currentRevisionId;
}

/** The revisions from the segment's current one back to the first, following parentId. */
async function chainFromCurrent(segmentId: number): Promise<revisions.RevisionSummary[]> {
	const byId = new Map((await revisions.listRevisions(segmentId)).map((r) => [r.id, r]));
	const chain: revisions.RevisionSummary[] = [];
	for (let id = await currentRevisionId(segmentId); id !== null; ) {
		const revision = byId.get(id);
		if (!revision) throw new Error(`revision ${id} is not in the segment's history`);
		chain.push(revision);
		id = revision.parentId;
	}
	return chain;
}

describe('concurrent saves of one segment', () => {
	it('apply exactly one of 50 saves based on the same revision; the other 49 get the winner as a conflict', async () => {
		const { segmentId, mtRevisionId } = await importSegment('The Ten Thousand Project opened in Harbin.');
		const results = await Promise.all(
			Array.from({ length: 50 }, (_, i) =>
				revisions.saveRevision({
					segmentId,
					authorId: translator.id,
					content: paragraph(`The Ten Million Project opened in Harbin (edit ${i}).`),
					baseRevisionId: mtRevisionId,
					locale: 'en'
				})
			)
		);

		const applied = results.filter((r) => r.ok);
		const conflicts = results.filter((r) => !r.ok);
		expect(applied).toHaveLength(1);
		expect(conflicts).toHaveLength(49);
		const winner = applied[0];
		if (!winner.ok) throw new Error('unreachable');
		expect(winner.unchanged).toBe(false);
		const winningText = plainText(
			(await revisions.getRevision(segmentId, winner.revisionId))!.content
		);
		for (const conflict of conflicts) {
			if (conflict.ok) throw new Error('unreachable');
			expect(conflict.current).toMatchObject({ revisionId: winner.revisionId, text: winningText, author: 'Tamar Translator' });
		}

		// No gaps and no orphans: the losers inserted nothing.
		const chain = await chainFromCurrent(segmentId);
		expect(chain.map((r) => r.id)).toEqual([winner.revisionId, mtRevisionId]);
		expect(chain.map((r) => r.origin)).toEqual(['human', 'mt']);
		expect(await revisions.listRevisions(segmentId)).toHaveLength(2);
	});

	it('lands all of 50 saves that retry on top of each conflict, in one unbroken chain', async () => {
		const { segmentId, mtRevisionId } = await importSegment('Harbin welcomed visitors from 50 countries.');
		let attempts = 0;
		const saveUntilApplied = async (i: number): Promise<number> => {
			let base: number | null = mtRevisionId;
			for (;;) {
				attempts++;
				const result = await revisions.saveRevision({
					segmentId,
					authorId: translator.id,
					content: paragraph(`Harbin welcomed visitors from ${i + 1} cities.`),
					baseRevisionId: base,
					locale: 'en'
				});
				if (result.ok) return result.revisionId;
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
		expect(await revisions.listRevisions(segmentId)).toHaveLength(51);
		console.log(`50 concurrent savers with retries: ${attempts} attempts for 50 revisions`);
	});
});

describe('revisions are immutable', () => {
	it('refuses a raw UPDATE and DELETE in the database itself, changing nothing', async () => {
		const { segmentId } = await importSegment('Daqing oil field celebrated its anniversary.');
		await revisions.saveRevision({
			segmentId,
			authorId: translator.id,
			content: paragraph('The Daqing oil field celebrated its anniversary.'),
			baseRevisionId: await currentRevisionId(segmentId)
		});
		const before = await getDb().selectFrom('revisions').selectAll().orderBy('id').execute();
		expect(before.length).toBeGreaterThanOrEqual(2);

		await expect(sql`update revisions set text = 'x'`.execute(getDb())).rejects.toThrow(/immutable/);
		await expect(sql`delete from revisions`.execute(getDb())).rejects.toThrow(/immutable/);
		await expect(sql`delete from revisions where segment_id = ${segmentId}`.execute(getDb())).rejects.toThrow(/immutable/);

		expect(await getDb().selectFrom('revisions').selectAll().orderBy('id').execute()).toEqual(before);
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

	it.each(cases)('returns a result for %s saved as one segment’s revisions', async (label, mt, edited, locale) => {
		const { segmentId, mtRevisionId } = await importSegment(mt);

		let started = performance.now();
		const saved = await revisions.saveRevision({
			segmentId,
			authorId: translator.id,
			content: paragraph(edited),
			baseRevisionId: mtRevisionId,
			locale
		});
		const saveMs = performance.now() - started;
		expect(saved.ok).toBe(true);
		if (!saved.ok) return;

		started = performance.now();
		const diff = await revisions.diffRevisions(segmentId, mtRevisionId, saved.revisionId, locale);
		const diffMs = performance.now() - started;
		expect(['replaced', 'diff']).toContain(diff.kind);
		const side = (op: 'delete' | 'insert') => diff.parts.filter((p) => p.op === 'equal' || p.op === op).map((p) => p.text).join('');
		expect(side('delete')).toBe(mt);
		expect(side('insert')).toBe(edited);
		console.log(
			`${label} (${mt.length.toLocaleString('en')} chars): saveRevision ${saveMs.toFixed(0)} ms, ` +
				`diffRevisions ${diffMs.toFixed(0)} ms → ${diff.kind}` +
				(diff.kind === 'replaced' ? ` (${diff.reason})` : ` (${diff.parts.length} parts)`)
		);
	});
});

describe('a 2,000-segment document', () => {
	it('imports through createDocument and lists its segments in order', async () => {
		const count = 2_000;
		const source = Array.from({ length: count }, (_, i) => paragraph(`第${i + 1}段：哈尔滨市召开了会议，讨论了城市发展。`));
		const translation = Array.from({ length: count }, (_, i) =>
			i % 10 === 0
				? ({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: `Section ${i + 1}` }] } as Block)
				: paragraph(`Paragraph ${i + 1}: Harbin held a meeting to discuss the city's development.`)
		);

		let started = performance.now();
		const created = await importAs(translator, projectId, { title: 'Long report', format: 'text', source, translation });
		const importMs = performance.now() - started;
		expect(created.segments).toBe(count);

		started = performance.now();
		const segments = await documents.listSegments(getDb(), created.id);
		const listMs = performance.now() - started;
		expect(segments).toHaveLength(count);
		expect(segments.map((s) => s.position)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
		segments.forEach((s, i) => {
			expect(s.sourceText).toBe(plainText(source[i]));
			expect(s.text).toBe(plainText(translation[i]));
			expect(s.content).toEqual(translation[i]);
			expect(s.state).toBe('mt');
			expect(s.revisionId).not.toBeNull();
		});
		expect(new Set(segments.map((s) => s.revisionId)).size).toBe(count);
		console.log(`2,000-segment document: createDocument ${importMs.toFixed(0)} ms, listSegments ${listMs.toFixed(0)} ms`);
	});
});
