import { describe, expect, it } from 'vitest';
import { bracketsCheck } from './brackets';

const en = { sourceLang: 'zh-Hans', targetLang: 'en' };
const run = (target: string, source = '本报讯（记者 彭溢）近日') => bracketsCheck.run({ source, target }, en);

describe('brackets', () => {
	it('flags an opening bracket left open', () => {
		expect(run('News from our newspaper (Reporter Peng Yi Recently')).toEqual([
			{ message: 'This opening parenthesis (() has no closing one ()): add it or remove this one.', target: { start: 24, end: 25 } }
		]);
	});

	it('flags a closing bracket or quote with no opening one', () => {
		expect(run('Reporter Peng Yi] said')[0].target).toEqual({ start: 16, end: 17 });
		expect(run('the “final” one kilometer”')).toEqual([
			{ message: 'This closing quotation mark (”) has no opening one (“): add it or remove this one.', target: { start: 25, end: 26 } }
		]);
		expect(run('a } b')).toHaveLength(1);
	});

	it('flags an odd number of straight quotes on the last one', () => {
		expect(run('He said "go" and "stay')).toEqual([
			{ message: 'The translation has an odd number of straight quotes ("): one of them has no partner.', target: { start: 17, end: 18 } }
		]);
	});

	it('leaves balanced text alone', () => {
		expect(run('News from our newspaper (Reporter Peng Yi) Recently, “Pujiang Experience” and [notes] {x} "quoted".')).toEqual([]);
	});

	it('follows a source that is unbalanced the same way (a quotation spanning paragraphs)', () => {
		expect(run('“It is necessary to adhere to the people-centred approach.', '“要坚持以人民为中心。')).toEqual([]);
		expect(run('1) first', '1）第一')).toEqual([]);
		expect(run('He said "go', '他说"走')).toEqual([]);
	});
});
