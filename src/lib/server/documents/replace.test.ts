import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/test-db';
import { getDb } from '../db/db';
import * as replace from './replace';
import * as segments from './segments';
import { listSegments } from './documents';
import { createDocument, createTeam, documentAs, editSegment, segmentAs, submittedDocument, type Team } from '../testing/factories';
import type { AuthUser } from '../auth/sessions';
import type { Block } from '../../import/model';

// Integration: find and replace across a document, against a real database. The guarantees:
// each change is an ordinary revision through the save's compare-and-set, a segment changed
// meanwhile is reported and left alone, and only what may be changed is.

useTestDatabase();

let team: Team;

beforeAll(async () => {
	team = await createTeam({ name: 'Find and replace', targetLang: 'en' });
});

const MT = ['The Ten Thousand Project opened in Harbin.', 'Nothing to see here.', 'More ten thousand project villages followed.'];
const FIND = { find: 'Ten Thousand Project', replace: 'Ten Million Project' };

const replaceAs = async (user: AuthUser, documentId: number, input: Parameters<typeof replace.replaceAll>[2]) =>
	replace.replaceAll(getDb(), await documentAs(user, documentId), input);
const previewAs = async (user: AuthUser, documentId: number, input: Parameters<typeof replace.previewReplace>[2]) =>
	replace.previewReplace(getDb(), await documentAs(user, documentId), input);

async function revisionsOf(segmentId: number) {
	return getDb().selectFrom('revisions').selectAll().where('segmentId', '=', segmentId).orderBy('id').execute();
}

async function auditOf(documentId: number) {
	return getDb()
		.selectFrom('auditEvents')
		.select(['action', 'details', 'actorId'])
		.where('documentId', '=', documentId)
		.where('action', '=', 'document.replaced')
		.execute();
}

async function expectRefusal(promise: Promise<unknown>, code: string, field?: string) {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error, 'expected a DomainError').toMatchObject({ name: 'DomainError', code, ...(field ? { field } : {}) });
}

describe('replace all', () => {
	it('saves each changed segment as a new revision on top of the old one, and leaves the others untouched', async () => {
		const doc = await createDocument(team, { mt: MT });
		const [first, second, third] = doc.segments;
		const result = await replaceAs(team.translator, doc.id, FIND);

		expect(result.changed.map((c) => [c.position, c.replacements])).toEqual([
			[1, 1],
			[3, 1]
		]);
		expect(result.conflicts).toEqual([]);
		const after = await listSegments(getDb(), doc.id);
		expect(after.map((s) => s.text)).toEqual([
			'The Ten Million Project opened in Harbin.',
			'Nothing to see here.',
			'More Ten Million Project villages followed.'
		]);
		for (const [before, now] of [
			[first, after[0]],
			[third, after[2]]
		]) {
			const history = await revisionsOf(before.id);
			expect(history).toHaveLength(2);
			expect(history[1]).toMatchObject({ parentId: before.revisionId, origin: 'human', authorId: team.translator.id, inReview: false });
			expect(now.revisionId).toBe(history[1].id);
			expect(now.state).toBe('edited');
		}
		expect(await revisionsOf(second.id)).toHaveLength(1);
		expect(after[1].updatedAt).toEqual(second.updatedAt);

		const events = await auditOf(doc.id);
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({ actorId: team.translator.id, details: { ...FIND, changed: 2, replacements: 2, conflicts: 0, positions: [1, 3] } });
	});

	it('does nothing, and records nothing, when nothing matches', async () => {
		const doc = await createDocument(team, { mt: MT });
		const result = await replaceAs(team.translator, doc.id, { find: 'Jixi', replace: 'Harbin' });
		expect(result).toMatchObject({ changed: [], conflicts: [], notChangeable: [] });
		for (const s of doc.segments) expect(await revisionsOf(s.id)).toHaveLength(1);
		expect(await auditOf(doc.id)).toEqual([]);
	});

	it('honours case and whole words', async () => {
		const doc = await createDocument(team, { mt: ['Project projects project PROJECT.'] });
		await replaceAs(team.translator, doc.id, { find: 'project', replace: 'plan', caseSensitive: true, wholeWord: true });
		expect((await listSegments(getDb(), doc.id))[0].text).toBe('Project projects plan PROJECT.');
		await replaceAs(team.translator, doc.id, { find: 'project', replace: 'scheme', wholeWord: 'on' });
		expect((await listSegments(getDb(), doc.id))[0].text).toBe('scheme projects plan scheme.');
	});

	it('keeps bold, italics and links around and on the replaced words', async () => {
		const doc = await createDocument(team, { mt: ['placeholder'] });
		const segment = doc.segments[0];
		const link = { type: 'link' as const, attrs: { href: 'https://example.org/', title: null } };
		const content: Block = {
			type: 'paragraph',
			content: [
				{ type: 'text', text: 'The ', marks: [{ type: 'em' }] },
				{ type: 'text', text: 'Ten Thousand', marks: [{ type: 'strong' }] },
				{ type: 'text', text: ' Project', marks: [link] },
				{ type: 'text', text: ' opened.' }
			]
		};
		const saved = await segments.saveSegment(getDb(), await segmentAs(team.translator, segment.id), { baseRevisionId: segment.revisionId, content });
		expect(saved.ok).toBe(true);
		await replaceAs(team.translator, doc.id, FIND);
		const [now] = await listSegments(getDb(), doc.id);
		expect(now.content).toEqual({
			type: 'paragraph',
			content: [
				{ type: 'text', text: 'The ', marks: [{ type: 'em' }] },
				{ type: 'text', text: 'Ten Million Project', marks: [{ type: 'strong' }] },
				{ type: 'text', text: ' opened.' }
			]
		});
	});

	it('reports a segment changed after the preview as a conflict and never overwrites it', async () => {
		const doc = await createDocument(team, { mt: MT });
		const preview = await previewAs(team.translator, doc.id, FIND);
		expect(preview.segments.map((s) => s.position)).toEqual([1, 3]);
		const bases = preview.segments.map((s) => `${s.segmentId}:${s.revisionId}`).join(',');
		// The owner edits segment 1 meanwhile; the phrase is still in it.
		const theirs = await editSegment(team.owner, doc.segments[0].id, 'The Ten Thousand Project opened in Harbin on Monday.');

		const result = await replaceAs(team.translator, doc.id, { ...FIND, bases });
		expect(result.changed.map((c) => c.position)).toEqual([3]);
		expect(result.conflicts).toEqual([
			{
				segmentId: doc.segments[0].id,
				position: 1,
				message: expect.stringContaining('after your preview'),
				current: { revisionId: theirs, text: 'The Ten Thousand Project opened in Harbin on Monday.', author: team.owner.name }
			}
		]);
		const after = await listSegments(getDb(), doc.id);
		expect(after[0]).toMatchObject({ revisionId: theirs, text: 'The Ten Thousand Project opened in Harbin on Monday.' });
		expect((await auditOf(doc.id))[0].details).toMatchObject({ changed: 1, conflicts: 1 });
	});

	it('changes only the segments the preview showed', async () => {
		const doc = await createDocument(team, { mt: MT });
		const preview = await previewAs(team.translator, doc.id, FIND);
		const onlyFirst = `${preview.segments[0].segmentId}:${preview.segments[0].revisionId}`;
		const result = await replaceAs(team.translator, doc.id, { ...FIND, bases: onlyFirst });
		expect(result.changed.map((c) => c.position)).toEqual([1]);
		expect((await listSegments(getDb(), doc.id))[2].text).toBe(MT[2]);
	});

	it('loses no save that races with it: each save and each replacement is a revision on top of the one before', async () => {
		const doc = await createDocument(team, { mt: MT });
		const segment = doc.segments[0];
		const [, saved] = await Promise.all([
			replaceAs(team.translator, doc.id, FIND),
			segments.saveSegment(
				getDb(),
				{ id: segment.id, actor: team.owner },
				{ baseRevisionId: segment.revisionId, text: 'The Ten Thousand Project opened today.' }
			)
		]);
		const history = await revisionsOf(segment.id);
		// A chain: no two revisions share a parent, so nothing was written over anything.
		expect(new Set(history.map((r) => r.parentId)).size).toBe(history.length);
		const current = (await listSegments(getDb(), doc.id))[0];
		expect(current.revisionId).toBe(history.at(-1)!.id);
		if (saved.ok) expect(history.some((r) => r.text === 'The Ten Thousand Project opened today.')).toBe(true);
	});

	it('leaves a segment that would become empty, and says why', async () => {
		const doc = await createDocument(team, { mt: ['Harbin', 'Harbin and Jixi'] });
		const result = await replaceAs(team.translator, doc.id, { find: 'Harbin', replace: '' });
		expect(result.notChangeable).toEqual([{ segmentId: doc.segments[0].id, position: 1, reason: expect.stringContaining('empty') }]);
		expect(result.changed.map((c) => c.position)).toEqual([2]);
		expect((await listSegments(getDb(), doc.id)).map((s) => s.text)).toEqual(['Harbin', ' and Jixi']);
	});
});

describe('who may replace what', () => {
	it('a translator does not change segments in review or approved ones; the preview says why', async () => {
		const doc = await submittedDocument(team, { mt: MT });
		const preview = await previewAs(team.translator, doc.id, FIND);
		expect(preview.changeable).toBe(0);
		expect(preview.segments.every((s) => s.notChangeable?.startsWith('Submitted for review'))).toBe(true);
		const result = await replaceAs(team.translator, doc.id, FIND);
		expect(result.changed).toEqual([]);
		expect(result.notChangeable.map((n) => n.position)).toEqual([1, 3]);
		for (const s of doc.segments) expect(await revisionsOf(s.id)).toHaveLength(1);
	});

	it('a reviewer changes segments in review as review edits: they stay submitted', async () => {
		const doc = await submittedDocument(team, { mt: MT });
		const result = await replaceAs(team.reviewer, doc.id, FIND);
		expect(result.changed.map((c) => c.position)).toEqual([1, 3]);
		const [first] = await listSegments(getDb(), doc.id);
		expect(first).toMatchObject({ state: 'submitted', text: 'The Ten Million Project opened in Harbin.' });
		expect((await revisionsOf(first.id)).at(-1)).toMatchObject({ inReview: true, authorId: team.reviewer.id });
	});

	it('a reviewer changes nothing outside review', async () => {
		const doc = await createDocument(team, { mt: MT });
		const preview = await previewAs(team.reviewer, doc.id, FIND);
		expect(preview.segments.map((s) => s.notChangeable)).toEqual([expect.stringContaining('Not in review'), expect.stringContaining('Not in review')]);
		const result = await replaceAs(team.reviewer, doc.id, FIND);
		expect(result.changed).toEqual([]);
		expect(result.notChangeable).toHaveLength(2);
	});
});

describe('what a replace accepts', () => {
	it.each([
		[{ find: '' }, 'Type the text to find.'],
		[{ find: 'a\u0000b' }, 'control characters'],
		[{ find: 'a\tb' }, 'control characters'],
		[{ find: 'line\nbreak' }, 'control characters'],
		[{ find: 'x'.repeat(501) }, 'at most 500'],
		[{ find: '\uD800' }, 'broken character'],
		[{ find: 42 }, 'must be text'],
		[{ find: 'a', replace: 'b\u0007' }, 'control characters'],
		[{ find: 'a', replace: 'y'.repeat(1001) }, 'at most 1,000'],
		[{ find: 'a', caseSensitive: 'yes' }, 'true or false'],
		[{ find: 'a', bases: '1:x' }, 'segment:revision']
	])('refuses %o with a message that says what to do', async (input, message) => {
		const doc = await createDocument(team, { mt: MT });
		const refusal = replaceAs(team.translator, doc.id, input);
		await expectRefusal(refusal, 'invalid');
		await expect(refusal).rejects.toThrow(message);
	});

	it('refuses in the preview too, naming the field', async () => {
		const doc = await createDocument(team, { mt: MT });
		await expectRefusal(previewAs(team.translator, doc.id, { find: '' }), 'invalid', 'find');
	});
});
