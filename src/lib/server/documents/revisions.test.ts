import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/test-db';
import { getDb } from '../db/db';
import * as documents from './documents';
import { createDocument, createTeam, editSegment, importAs, paragraph, type Team } from '../testing/factories';
import { plainText, type Block } from '../../import/model';

// Integration: a segment's history against this file's own database (PGlite, or Postgres with
// TEST_DATABASE_URL). Saves and their conflicts are segments.test.ts.

useTestDatabase();

let team: Team;

beforeAll(async () => {
	team = await createTeam({ name: 'Jixi Daily', targetLang: 'en' });
});

async function importSegment(mt: string): Promise<{ segmentId: number }> {
	const doc = await createDocument(team, { mt: [mt] });
	return { segmentId: doc.segments[0].id };
}

describe('revisions are immutable', () => {
	it('refuses a raw UPDATE and DELETE in the database itself, changing nothing', async () => {
		const { segmentId } = await importSegment('Daqing oil field celebrated its anniversary.');
		await editSegment(team.translator, segmentId, 'The Daqing oil field celebrated its anniversary.');
		const before = await getDb().selectFrom('revisions').selectAll().orderBy('id').execute();
		expect(before.length).toBeGreaterThanOrEqual(2);

		await expect(sql`update revisions set text = 'x'`.execute(getDb())).rejects.toThrow(/immutable/);
		await expect(sql`delete from revisions`.execute(getDb())).rejects.toThrow(/immutable/);
		await expect(sql`delete from revisions where segment_id = ${segmentId}`.execute(getDb())).rejects.toThrow(/immutable/);

		expect(await getDb().selectFrom('revisions').selectAll().orderBy('id').execute()).toEqual(before);
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
		const created = await importAs(team.translator, team.project.id, { title: 'Long report', format: 'text', source, translation });
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
