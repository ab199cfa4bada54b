import { describe, expect, it } from 'vitest';
import { previewImport } from './form';
import { MAX_IMPORT_BYTES } from './upload';

function form(fields: Record<string, string | File>): FormData {
	const data = new FormData();
	for (const [key, value] of Object.entries(fields)) data.set(key, value);
	return data;
}

describe('previewImport (the import page, step one)', () => {
	it('reads uploads and splits both sides into segments', async () => {
		const result = await previewImport(
			form({
				title: 'Story',
				format: 'auto',
				sourceFile: new File(['# 标题\n\n正文。'], 'story.md'),
				translationFile: new File(['# Title\n\nBody.'], 'story.en.md')
			})
		);
		expect(result).toMatchObject({ ok: true, format: 'markdown', aligned: true });
		if (result.ok) expect(result.source[0]).toMatchObject({ type: 'heading' });
	});

	it('refuses an oversized upload before reading it, naming the limit', async () => {
		const big = new File([new Uint8Array(MAX_IMPORT_BYTES + 1)], 'big.txt');
		const result = await previewImport(form({ title: 'Big', sourceFile: big }));
		expect(result).toMatchObject({ ok: false, status: 413, field: 'source' });
		if (!result.ok) expect(result.message).toMatch(/limit is 2 MB/);
	});

	it('refuses text that is not UTF-8, and binary files, with a 4xx and a message', async () => {
		const gbk = await previewImport(form({ title: 'GBK', sourceFile: new File([new Uint8Array([0xd6, 0xd0, 0xce, 0xc4])], 'gbk.txt') }));
		expect(gbk).toMatchObject({ ok: false, field: 'source' });
		if (!gbk.ok) {
			expect(gbk.status).toBeGreaterThanOrEqual(400);
			expect(gbk.message).toMatch(/UTF-8/);
		}
		const binary = await previewImport(form({ title: 'Bin', translationFile: new File([new Uint8Array([0, 1, 2, 0, 0, 3])], 'x.txt'), source: '正文。' }));
		expect(binary).toMatchObject({ ok: false, field: 'translation' });
	});

	it('refuses an empty file, an empty source and a missing title', async () => {
		expect(await previewImport(form({ title: 'E', sourceFile: new File([], 'empty.txt') }))).toMatchObject({ ok: false, field: 'source' });
		expect(await previewImport(form({ title: 'E', source: '   ' }))).toMatchObject({ ok: false, status: 400, field: 'source' });
		expect(await previewImport(form({ title: '', source: '正文。' }))).toMatchObject({ ok: false, field: 'title' });
	});

	it('refuses a title over 300 characters instead of cutting it, and cleans NUL from it', async () => {
		expect(await previewImport(form({ title: 'x'.repeat(301), source: '正文。' }))).toMatchObject({
			ok: false,
			status: 400,
			field: 'title',
			message: expect.stringMatching(/300/)
		});
		expect(await previewImport(form({ title: 'x'.repeat(300), source: '正文。' }))).toMatchObject({ ok: true, title: 'x'.repeat(300) });
		expect(await previewImport(form({ title: 'Bad\u0000 title', source: '正文。' }))).toMatchObject({ ok: true, title: 'Bad title' });
	});

	it('reports misaligned counts without failing, for the alignment step', async () => {
		const result = await previewImport(form({ title: 'M', source: '一。\n\n二。', translation: 'One.\n\nTwo.\n\nThree.' }));
		expect(result).toMatchObject({ ok: true, aligned: false });
	});
});
