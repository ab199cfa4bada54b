import { describe, expect, it } from 'vitest';
import { extractZh, parseZhNumeral } from './zh';

const values = (text: string) => extractZh(text).map((f) => [f.kind, f.text, f.value, f.high ?? null]);

describe('parseZhNumeral', () => {
	it.each([
		['三十五', 35],
		['一百二十', 120],
		['两千', 2000],
		['〇', 0],
		['零', 0],
		['十一', 11],
		['二十万', 200000],
		['三亿五千万', 350000000],
		['一千零五', 1005],
		['3.5万', 35000],
		['1.2亿', 120000000],
		['12万亿', 12e12],
		['二〇二三', 2023]
	])('reads %s as %d', (text, value) => {
		expect(parseZhNumeral(text)).toBe(value);
	});

	it('refuses what is not a numeral', () => {
		expect(parseZhNumeral('十四五')).toBeNull();
		expect(parseZhNumeral('')).toBeNull();
	});
});

describe('extractZh', () => {
	it('reads dates in digits or numerals, and times', () => {
		expect(values('七月二日')).toEqual([['date', '七月二日', 0, null]]);
		expect(values('2023年7月')).toEqual([['date', '2023年7月', 2023, null]]);
		expect(values('8时30分')).toEqual([['time', '8时30分', 8, null]]);
	});

	it('keeps the offsets of full-width text', () => {
		expect(values('共１２３人，增长３５％')).toEqual([
			['number', '１２３', 123, null],
			['percent', '３５％', 35, null]
		]);
	});

	it('marks 多 as approximate', () => {
		expect(extractZh('三十多个村庄')[0]).toMatchObject({ value: 30, approximate: true });
	});

	it('reads ranges with a shared multiplier', () => {
		expect(values('3至5万')).toEqual([['range', '3至5万', 30000, 50000]]);
		expect(values('三到五年')).toEqual([['range', '三到五', 3, 5]]);
	});

	it('reads 十四五 as the 14th plan', () => {
		expect(values('“十四五”规划')).toEqual([['ordinal', '十四五', 14, null]]);
	});

	it.each(['数万人', '几十个', '十几个', '上万人', '千万工程', '千万不要', '统一', '一定', '进一步', '十分重要', '三五成群', '七八个人', '万一', '全年'])(
		'finds no number in %s',
		(text) => {
			expect(extractZh(text)).toEqual([]);
		}
	);
});
