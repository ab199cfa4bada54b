import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importDocument } from './document';
import { plainText } from './model';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('demo fixtures', () => {
	const source = fixture('heilongjiang-daily-2023-07-02.zh.txt');
	const translation = fixture('heilongjiang-daily-2023-07-02.en-mt.txt');

	it('parse into the same number of segments', () => {
		const result = importDocument({ source, translation, format: 'text' });
		expect(result).toMatchObject({ ok: true, aligned: true, counts: { source: 10, translation: 10 } });
	});
	it('pair the paragraphs one to one', () => {
		const result = importDocument({ source, translation, format: 'text' });
		if (!result.ok || !result.translation) throw new Error('fixtures did not import');
		const pairs = result.source.map((block, i) => [plainText(block), plainText(result.translation![i])]);
		expect(pairs[3]).toEqual(['作者：彭溢', 'Author: Peng Yi']);
		expect(pairs[4][0]).toMatch(/^本报讯（记者彭溢）近日，省科技厅/);
		expect(pairs[4][1]).toMatch(/^News from our newspaper \(Reporter Peng Yi\) Recently, the Provincial Department of Science/);
		expect(pairs[7][0]).toMatch(/^本报讯（记者彭溢）近日，省科协/);
		expect(pairs[7][1]).toMatch(/Provincial Association for Science and Technology/);
	});
	it('name the 千万工程 consistently in Chinese, where the machine translation wavers', () => {
		expect(source.match(/工程/g)).toHaveLength(4);
		expect(source.match(/千万工程/g)).toHaveLength(4);
		expect(translation).toMatch(/Ten Thousand Project/);
		expect(translation).toMatch(/Ten Million Project/);
	});
});
