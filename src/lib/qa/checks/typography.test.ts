import { describe, expect, it } from 'vitest';
import { doubleSpaceCheck, doubledWordCheck, whitespaceCheck } from './typography';

const en = { sourceLang: 'zh-Hans', targetLang: 'en' };
const source = '省科技厅召开会议。';

describe('doubled-word', () => {
	const run = (target: string, context = en) => doubledWordCheck.run({ source, target }, context);

	it('flags the second word, case-insensitively, with a fix deleting it', () => {
		expect(run('Recently, The the department held a meeting.')).toEqual([
			{
				message: '“the” is written twice: delete the second one.',
				target: { start: 14, end: 17 },
				fix: { target: { start: 13, end: 17 }, replacement: '', label: 'Delete the second “the”' }
			}
		]);
	});

	it('does not look across punctuation, sentence ends or line breaks', () => {
		expect(run('It was held in Harbin. Harbin is the capital.')).toEqual([]);
		expect(run('Study, study and study again.')).toEqual([]);
		expect(run('the\nthe')).toEqual([]);
	});

	it('needs whole words and lets grammatical doubles through', () => {
		expect(run('the theory, 3the the, thethe')).toEqual([]);
		expect(run('He had had enough; she said that that was all.')).toEqual([]);
		expect(run('Nous nous sommes vus.', { sourceLang: 'zh', targetLang: 'fr' })).toEqual([]);
		expect(run('Nous nous sommes vus.')).toHaveLength(1);
	});

	it('leaves ordinary news prose alone', () => {
		expect(run('The meeting emphasized that the majority of party members and cadres should deepen their ideological understanding.')).toEqual([]);
	});
});

describe('double-space', () => {
	const run = (target: string) => doubleSpaceCheck.run({ source, target }, en);

	it('flags runs of spaces inside the text with a fix to one', () => {
		expect(run('Provincial   Department')).toEqual([
			{
				message: 'The translation has 3 spaces in a row: use one.',
				target: { start: 10, end: 13 },
				fix: { target: { start: 10, end: 13 }, replacement: ' ', label: 'Replace with one space' }
			}
		]);
	});

	it('leaves single spaces and spaces at either end alone', () => {
		expect(run('Provincial Department')).toEqual([]);
		expect(run('  Provincial Department  ')).toEqual([]);
	});
});

describe('whitespace', () => {
	const run = (source: string, target: string) => whitespaceCheck.run({ source, target }, en);

	it('flags leading and trailing whitespace the source lacks, with a fix trimming it', () => {
		expect(run('作者：彭溢', ' Author: Peng Yi\t')).toEqual([
			{
				message: 'The translation starts with whitespace that the source lacks: remove it.',
				target: { start: 0, end: 1 },
				fix: { target: { start: 0, end: 1 }, replacement: '', label: 'Remove the leading whitespace' }
			},
			{
				message: 'The translation ends with whitespace that the source lacks: remove it.',
				target: { start: 16, end: 17 },
				fix: { target: { start: 16, end: 17 }, replacement: '', label: 'Remove the trailing whitespace' }
			}
		]);
	});

	it('flags line breaks at either end of the source that the translation lacks', () => {
		const [lead, trail] = run('\n作者：彭溢\n', 'Author: Peng Yi');
		expect(lead.fix).toEqual({ target: { start: 0, end: 1 }, replacement: '\nA', label: 'Add the line break' });
		expect(trail.fix).toEqual({ target: { start: 14, end: 15 }, replacement: 'i\n', label: 'Add the line break' });
	});

	it('leaves matching or absent whitespace alone, and the Chinese indent', () => {
		expect(run('作者：彭溢', 'Author: Peng Yi')).toEqual([]);
		expect(run('\u3000\u3000作者：彭溢', 'Author: Peng Yi')).toEqual([]);
		expect(run(' 作者 ', ' Author ')).toEqual([]);
		expect(run('作者', '   ')).toEqual([]);
	});
});
