import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_CHARS, MAX_SEGMENTS, MAX_SEGMENT_CHARS, importDocument, type ImportFormat } from './document';
import { plainText } from './model';

describe('importDocument', () => {
	it('parses source and translation and reports them aligned when the counts match', () => {
		const result = importDocument({ source: '# 标题\n\n第一段。', translation: '# Title\n\nFirst paragraph.', format: 'markdown' });
		expect(result).toMatchObject({ ok: true, aligned: true, counts: { source: 2, translation: 2 } });
		expect(result.ok && result.translation?.map(plainText)).toEqual(['Title', 'First paragraph.']);
	});
	it('returns both lists unaligned when the counts differ', () => {
		const result = importDocument({ source: 'a\n\nb\n\nc', translation: 'A\n\nB', format: 'text' });
		expect(result).toMatchObject({ ok: true, aligned: false, counts: { source: 3, translation: 2 } });
		expect(result.ok && result.source.map(plainText)).toEqual(['a', 'b', 'c']);
	});
	it('accepts a document without a translation', () => {
		for (const translation of [undefined, null, '', '  \n\n ']) {
			expect(importDocument({ source: '<p>x</p>', translation, format: 'html' })).toMatchObject({
				ok: true,
				translation: null,
				aligned: true,
				counts: { source: 1, translation: 0 }
			});
		}
	});
	it('refuses an empty source and names the field', () => {
		for (const [source, format] of [
			['', 'text'],
			[' \n\n\t', 'text'],
			['<script>x</script><p> </p>', 'html'],
			['\u0000\u0001', 'markdown']
		] as const) {
			expect(importDocument({ source, translation: 'x', format })).toEqual({
				ok: false,
				status: 400,
				field: 'source',
				message: 'The source text is empty. Paste or upload the text to translate.'
			});
		}
	});
	it('refuses an unknown format or non-text input', () => {
		expect(importDocument({ source: 'x', format: 'pdf' as ImportFormat })).toMatchObject({ ok: false, status: 400, field: 'format' });
		expect(importDocument({ source: 42 as unknown as string, format: 'text' })).toMatchObject({ ok: false, status: 400, field: 'source' });
		expect(importDocument({ source: 'x', translation: {} as unknown as string, format: 'text' })).toMatchObject({
			ok: false,
			status: 400,
			field: 'translation'
		});
	});
	it('refuses text over the size limit', () => {
		const result = importDocument({ source: 'x', translation: 'y'.repeat(MAX_IMPORT_CHARS + 1), format: 'text' });
		expect(result).toMatchObject({ ok: false, status: 413, field: 'translation', message: expect.stringMatching(/about 2 MB/) });
	});
	it('refuses more segments than the limit', () => {
		const source = 'p\n\n'.repeat(MAX_SEGMENTS + 1);
		expect(importDocument({ source, format: 'text' })).toMatchObject({
			ok: false,
			status: 413,
			field: 'source',
			message: 'The source text has more than 5,000 paragraphs. Split the document into smaller parts.'
		});
		expect(importDocument({ source: 'p\n\n'.repeat(MAX_SEGMENTS), format: 'text' })).toMatchObject({ ok: true });
	});
	it('refuses a segment over the length limit and says which one', () => {
		const source = `short\n\n${'字'.repeat(MAX_SEGMENT_CHARS + 1)}`;
		expect(importDocument({ source, format: 'markdown' })).toEqual({
			ok: false,
			status: 413,
			field: 'source',
			message: 'Paragraph 2 of the source text is 20,001 characters long, and the limit is 20,000. Break it into shorter paragraphs.'
		});
	});
	it('refuses HTML with an absurd number of tags before parsing it', () => {
		expect(importDocument({ source: '<b>'.repeat(100_001), format: 'html' })).toMatchObject({
			ok: false,
			status: 413,
			message: expect.stringMatching(/HTML tags/)
		});
	});
});
