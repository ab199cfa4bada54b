import { describe, expect, it } from 'vitest';
import { newDocumentSchema, readApiImport, readConfirmedImport } from './input';
import { MAX_SEGMENTS } from './document';

const block = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const rows = (texts: string[]) => JSON.stringify(texts.map(block));

/** Both doors end in the same schema: what the page's second step and the API read must pass it alike. */
function validated(read: ReturnType<typeof readApiImport>) {
	if (!read.ok) throw new Error(read.message);
	return newDocumentSchema.safeParse(read.input);
}

describe('readConfirmedImport (the import page, step two)', () => {
	it('reads aligned rows and the form’s idempotency key', () => {
		const read = readConfirmedImport({
			title: 'T',
			format: 'text',
			sourceBlocks: rows(['一']),
			translationBlocks: rows(['One']),
			idempotencyKey: 'key-12345678'
		});
		expect(read).toMatchObject({ ok: true, input: { title: 'T', idempotencyKey: 'key-12345678' } });
		expect(validated(read).success).toBe(true);
	});

	it('refuses unreadable JSON', () => {
		expect(readConfirmedImport({ title: 'T', format: 'text', sourceBlocks: '{oops', translationBlocks: 'null' })).toMatchObject({ ok: false, status: 400 });
	});
});

describe('newDocumentSchema (the one rule for every door)', () => {
	const parse = (fields: Record<string, string>) => validated(readConfirmedImport({ title: 'T', format: 'text', translationBlocks: 'null', ...fields }));
	const issue = (result: ReturnType<typeof parse>) =>
		result.success ? null : { field: result.error.issues[0].path.join('.'), message: result.error.issues[0].message };

	it('refuses rows that still differ in number, naming the translation', () => {
		expect(issue(parse({ sourceBlocks: rows(['一', '二']), translationBlocks: rows(['One']) }))).toMatchObject({
			field: 'translation',
			message: expect.stringMatching(/2 rows .* 1/)
		});
	});

	it('refuses malformed rows and no rows', () => {
		expect(issue(parse({ sourceBlocks: JSON.stringify([{ type: 'script', text: 'x' }]) }))).toMatchObject({ field: 'source' });
		expect(issue(parse({ sourceBlocks: '[]' }))).toMatchObject({ field: 'source' });
		expect(issue(parse({ sourceBlocks: '"text"' }))).toMatchObject({ field: 'source' });
	});

	it('applies the import limits to the rows too: segments per document and characters per segment', () => {
		expect(issue(parse({ sourceBlocks: rows(Array.from({ length: MAX_SEGMENTS + 1 }, () => 'x')) }))).toMatchObject({
			field: 'source',
			message: expect.stringMatching(/5,000/)
		});
		expect(issue(parse({ sourceBlocks: rows(['ok', 'y'.repeat(20_001)]) }))).toMatchObject({
			field: 'source',
			message: expect.stringMatching(/Segment 2 .*20,000/)
		});
	});

	it('refuses a title over 300 characters rather than cutting it, and cleans NUL out of titles and rows', () => {
		expect(issue(parse({ title: 'x'.repeat(301), sourceBlocks: rows(['一']) }))).toMatchObject({ field: 'title', message: expect.stringMatching(/300/) });
		const clean = parse({ title: 'A\u0000 title', sourceBlocks: rows(['一\u0000二']) });
		expect(clean.success && clean.data).toMatchObject({ title: 'A title', source: [block('一二')] });
	});
});

describe('readApiImport (the JSON API)', () => {
	it('splits the texts by format and leaves the title to the schema', () => {
		const read = readApiImport({ title: 'x'.repeat(301), source: '一。\n\n二。', translation: 'One.\n\nTwo.' });
		expect(read).toMatchObject({ ok: true, input: { format: 'text' } });
		expect(validated(read).success).toBe(false);
	});

	it('refuses texts whose segment counts differ as misaligned, with both counts', () => {
		expect(readApiImport({ title: 'T', source: 'One.\n\nTwo.\n\nThree.', translation: 'One.\n\nTwo.' })).toMatchObject({
			ok: false,
			status: 400,
			code: 'misaligned',
			field: 'translation',
			message: expect.stringMatching(/3 segments .* 2/)
		});
	});

	it('names the field at fault', () => {
		expect(readApiImport({ title: 'T', source: 42 })).toMatchObject({ ok: false, field: 'source', code: 'invalid' });
		expect(readApiImport({ title: 'T', source: 'x', format: 'pdf' })).toMatchObject({ ok: false, field: 'format' });
		expect(readApiImport({ title: 'T', source: 'x', translation: ['x'] })).toMatchObject({ ok: false, field: 'translation' });
		expect(readApiImport({ title: 'T', source: 'x\n\n'.repeat(5_001) })).toMatchObject({ ok: false, status: 413, code: 'payload_too_large' });
	});
});
