import { describe, expect, it } from 'vitest';
import { extractEn } from './en';

const values = (text: string) => extractEn(text).map((f) => [f.kind, f.text, f.value, f.high ?? null]);

describe('extractEn', () => {
	it.each([
		['35,000', 35000],
		['3.5', 3.5],
		['3.5 million', 3.5e6],
		['120 million', 1.2e8],
		['1.2 billion', 1.2e9],
		['35 thousand', 35000],
		['thirty-five', 35],
		['one hundred and twenty', 120],
		['two thousand', 2000],
		['three hundred fifty million', 3.5e8],
		['one', 1]
	])('reads %s as %d', (text, value) => {
		expect(values(text)).toEqual([['number', text, value, null]]);
	});

	it.each([
		['35%', 'percent', 35],
		['35 percent', 'percent', 35],
		['35 per cent', 'percent', 35],
		['3rd', 'ordinal', 3],
		['third', 'ordinal', 3],
		['8:30', 'time', 8],
		['8.30 a.m.', 'time', 8],
		['July 2, 2023', 'date', 2023],
		['2 July 2023', 'date', 2023],
		['2023-07-02', 'date', 2023],
		['July 2', 'date', 0]
	])('reads %s as a %s', (text, kind, value) => {
		expect(values(text)).toEqual([[kind, text, value, null]]);
	});

	it('reads ranges and shares the scale word', () => {
		expect(values('3 to 5')).toEqual([['range', '3 to 5', 3, 5]]);
		expect(values('3-5')).toEqual([['range', '3-5', 3, 5]]);
		expect(values('30,000-50,000')).toEqual([['range', '30,000-50,000', 30000, 50000]]);
		expect(values('3 to 5 million')).toEqual([['range', '3 to 5 million', 3e6, 5e6]]);
	});

	it.each(['tens of thousands of people', 'thousands of people', 'hundreds of millions', 'dozens of units', 'a great country'])(
		'finds no number in %s',
		(text) => {
			expect(extractEn(text)).toEqual([]);
		}
	);

	it('marks spelled numbers inside a title-cased name', () => {
		expect(extractEn('the “Ten Thousand Villages Project”')[0]).toMatchObject({ value: 10000, name: true });
		expect(extractEn('Ten villages took part')[0]).toMatchObject({ value: 10, name: false });
	});
});
