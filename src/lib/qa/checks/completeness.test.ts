import { describe, expect, it } from 'vitest';
import { emptyCheck, unchangedMtCheck, untranslatedCheck } from './completeness';

const context = { sourceLang: 'zh-Hans', targetLang: 'en' };

describe('untranslated', () => {
	it('flags a target that repeats the source', () => {
		expect(untranslatedCheck.run({ source: '作者：彭溢', target: ' 作者：彭溢' }, context)).toEqual([
			{
				message: 'The translation is the same as the source: translate it, or confirm that it stays as it is.',
				source: { start: 0, end: 5 },
				target: { start: 1, end: 6 }
			}
		]);
	});

	it('leaves numbers, punctuation, links and real translations alone', () => {
		for (const source of ['2023-07-02 09:17:35', '——', 'https://www.hljnews.cn/a.html', 'info@hljnews.cn']) {
			expect(untranslatedCheck.run({ source, target: source }, context)).toEqual([]);
		}
		expect(untranslatedCheck.run({ source: '作者：彭溢', target: 'Author: Peng Yi' }, context)).toEqual([]);
		expect(untranslatedCheck.run({ source: '', target: '' }, context)).toEqual([]);
	});
});

describe('empty', () => {
	it('flags a blank target for a source with text', () => {
		expect(emptyCheck.run({ source: '来源：黑龙江日报', target: ' \n ' }, context)).toEqual([
			{ message: 'The translation is empty: translate the source.', source: { start: 0, end: 8 } }
		]);
	});

	it('leaves a translated or an empty source alone', () => {
		expect(emptyCheck.run({ source: '来源：黑龙江日报', target: 'Source: Heilongjiang Daily' }, context)).toEqual([]);
		expect(emptyCheck.run({ source: '  ', target: '' }, context)).toEqual([]);
	});
});

describe('unchanged-mt', () => {
	it('notes a target that is the MT', () => {
		expect(unchangedMtCheck.run({ source: '作者：彭溢', target: 'Author: Peng Yi', mt: 'Author: Peng Yi' }, context)).toHaveLength(1);
	});

	it('is silent when the target was edited or there is no MT', () => {
		expect(unchangedMtCheck.run({ source: '作者：彭溢', target: 'By Peng Yi', mt: 'Author: Peng Yi' }, context)).toEqual([]);
		expect(unchangedMtCheck.run({ source: '作者：彭溢', target: 'By Peng Yi', mt: null }, context)).toEqual([]);
		expect(unchangedMtCheck.run({ source: '作者：彭溢', target: '', mt: '' }, context)).toEqual([]);
	});
});
