import { describe, expect, it } from 'vitest';
import { findMatches, inContext, isWholeWord, replaceInBlock, replaceInText } from './find-replace';
import { blockFromPlainText, isBlock, plainText, type Block } from '../import/model';

const found = (text: string, find: string, options = {}) => findMatches(text, find, options).map((m) => text.slice(m.start, m.end));
const paragraph = (text: string) => blockFromPlainText(text, { type: 'paragraph' });
const link = { type: 'link' as const, attrs: { href: 'https://example.org/', title: null } };

describe('findMatches', () => {
	it('finds every occurrence left to right, without overlaps', () => {
		expect(findMatches('Ten Thousand Project and ten thousand projects', 'ten thousand')).toEqual([
			{ start: 0, end: 12 },
			{ start: 25, end: 37 }
		]);
		expect(found('aaaa', 'aa')).toEqual(['aa', 'aa']);
	});

	it('finds nothing for an empty find or an empty text, and nothing that is not there', () => {
		expect(findMatches('Harbin', '')).toEqual([]);
		expect(findMatches('', 'Harbin')).toEqual([]);
		expect(findMatches('Harbin', 'Jixi')).toEqual([]);
	});

	it('takes the find literally: no pattern, no wildcard', () => {
		expect(found('cost $3.5 (est.)', '$3.5 (est.)')).toEqual(['$3.5 (est.)']);
		expect(findMatches('a+b', 'a.b')).toEqual([]);
		expect(findMatches('abc', '.*')).toEqual([]);
	});

	it('is case-insensitive unless asked, and exact when asked', () => {
		expect(found('Project project PROJECT', 'project')).toEqual(['Project', 'project', 'PROJECT']);
		expect(found('Project project PROJECT', 'project', { caseSensitive: true })).toEqual(['project']);
	});

	it('folds case beyond ASCII and keeps the offsets of the original text', () => {
		// ß folds to ss, final ς to σ, and the É of a word in capitals to é: the offsets still point at the original.
		const text = 'Die STRAßE, die Straße, ΟΔΟΣ οδος; ÉCOLE école';
		expect(found(text, 'strasse')).toEqual(['STRAßE', 'Straße']);
		expect(found(text, 'οδοσ')).toEqual(['ΟΔΟΣ', 'οδος']);
		expect(found(text, 'école')).toEqual(['ÉCOLE', 'école']);
	});

	it('never matches half of a folded character', () => {
		// "ß" folds to "ss": a single "s" is not in it.
		expect(findMatches('Maß', 's')).toEqual([]);
		expect(found('Maß and mass', 's')).toEqual(['s', 's']);
	});

	it('folds as the target language does: Turkish dotted and dotless i', () => {
		expect(found('İstanbul ISTANBUL', 'istanbul', { locale: 'tr' })).toEqual(['İstanbul']);
		expect(found('İstanbul ISTANBUL', 'ıstanbul', { locale: 'tr' })).toEqual(['ISTANBUL']);
		expect(found('ISTANBUL', 'istanbul', { locale: 'en' })).toEqual(['ISTANBUL']);
		// A locale the platform cannot read is not a reason to fail.
		expect(found('Harbin', 'harbin', { locale: 'not a locale!' })).toEqual(['Harbin']);
	});

	it('does not cut a letter from its combining accent', () => {
		const decomposed = 'cafe\u0301 and cafe';
		expect(findMatches(decomposed, 'cafe')).toEqual([{ start: 10, end: 14 }]);
		expect(findMatches('e\u0301', '\u0301')).toEqual([]);
	});

	it('finds characters outside the BMP whole', () => {
		expect(found('𠮷野家 and 𠮷', '𠮷')).toEqual(['𠮷', '𠮷']);
	});

	it('with whole words, skips matches inside longer words', () => {
		expect(found('cat category concat cat.', 'cat', { wholeWord: true })).toEqual(['cat', 'cat']);
		expect(found('Ten Thousand Projects', 'project', { wholeWord: true })).toEqual([]);
		expect(found('snake_case snake', 'snake', { wholeWord: true })).toEqual(['snake']);
		expect(found('COVID-19 and 19', '19', { wholeWord: true })).toEqual(['19', '19']);
	});

	it('with whole words, an edge that is punctuation needs no boundary', () => {
		expect(found('the U.S. said; U.S.A.', 'U.S.', { wholeWord: true })).toEqual(['U.S.', 'U.S.']);
		expect(found('(see) x', '(see)', { wholeWord: true })).toEqual(['(see)']);
	});

	it('with whole words, Chinese counts as letters: a Han match must not be inside a run of letters', () => {
		expect(found('千万工程 and 千万，', '千万', { wholeWord: true })).toEqual(['千万']);
		expect(findMatches('千万工程', '千万', { wholeWord: true })).toEqual([]);
		expect(found('千万工程', '千万')).toEqual(['千万']);
		expect(found('the 千万工程 project', '千万工程', { wholeWord: true })).toEqual(['千万工程']);
	});

	it('matches across a hard break only as its newline, which a find cannot hold', () => {
		expect(found('one\ntwo', 'one two')).toEqual([]);
		expect(found('one\ntwo', 'two', { wholeWord: true })).toEqual(['two']);
	});
});

describe('isWholeWord', () => {
	it('looks at both edges of the match', () => {
		expect(isWholeWord('a cat', 2, 5)).toBe(true);
		expect(isWholeWord('a cats', 2, 5)).toBe(false);
		expect(isWholeWord('scat', 1, 4)).toBe(false);
		expect(isWholeWord('cat', 0, 3)).toBe(true);
	});
});

describe('replaceInBlock', () => {
	it('replaces in plain text and gives what replaceInText says', () => {
		const block = paragraph('The Ten Thousand Project: Ten Thousand Projects.');
		const matches = findMatches(plainText(block), 'Ten Thousand Project');
		const replaced = replaceInBlock(block, matches, 'Ten Million Project')!;
		expect(plainText(replaced)).toBe('The Ten Million Project: Ten Million Projects.');
		expect(plainText(replaced)).toBe(replaceInText(plainText(block), matches, 'Ten Million Project'));
		expect(isBlock(replaced)).toBe(true);
	});

	it('keeps the marks of text around the match and of a match inside one run', () => {
		const block: Block = {
			type: 'paragraph',
			content: [
				{ type: 'text', text: 'Read ' },
				{ type: 'text', text: 'Ten Thousand', marks: [{ type: 'strong' }] },
				{ type: 'text', text: ' at the site', marks: [link] }
			]
		};
		const replaced = replaceInBlock(block, findMatches(plainText(block), 'thousand'), 'Million')!;
		expect(replaced.content).toEqual([
			{ type: 'text', text: 'Read ' },
			{ type: 'text', text: 'Ten Million', marks: [{ type: 'strong' }] },
			{ type: 'text', text: ' at the site', marks: [link] }
		]);
	});

	it('gives a match across runs with different marks the marks of its first character', () => {
		const block: Block = {
			type: 'paragraph',
			content: [
				{ type: 'text', text: 'the Ten ', marks: [{ type: 'em' }] },
				{ type: 'text', text: 'Thousand', marks: [{ type: 'strong' }] },
				{ type: 'text', text: ' Project today' }
			]
		};
		const replaced = replaceInBlock(block, findMatches(plainText(block), 'Ten Thousand Project'), 'Ten Million Project')!;
		expect(replaced.content).toEqual([
			{ type: 'text', text: 'the Ten Million Project', marks: [{ type: 'em' }] },
			{ type: 'text', text: ' today' }
		]);
		expect(isBlock(replaced)).toBe(true);
	});

	it('keeps a link on the words it replaces and hard breaks where they were', () => {
		const block: Block = {
			type: 'heading',
			attrs: { level: 2 },
			content: [{ type: 'text', text: 'final one kilometer', marks: [link] }, { type: 'hard_break' }, { type: 'text', text: 'one kilometer' }]
		};
		const replaced = replaceInBlock(block, findMatches(plainText(block), 'one kilometer'), 'last mile')!;
		expect(replaced).toEqual({
			type: 'heading',
			attrs: { level: 2 },
			content: [{ type: 'text', text: 'final last mile', marks: [link] }, { type: 'hard_break' }, { type: 'text', text: 'last mile' }]
		});
	});

	it('deletes with an empty replacement, joining the runs left beside each other', () => {
		const block: Block = {
			type: 'paragraph',
			content: [
				{ type: 'text', text: 'so ', marks: [{ type: 'strong' }] },
				{ type: 'text', text: 'very', marks: [{ type: 'em' }] },
				{ type: 'text', text: ' good', marks: [{ type: 'strong' }] }
			]
		};
		const replaced = replaceInBlock(block, findMatches(plainText(block), 'very'), '')!;
		expect(replaced.content).toEqual([{ type: 'text', text: 'so  good', marks: [{ type: 'strong' }] }]);
	});

	it('answers null rather than a block that would be empty', () => {
		const block = paragraph('Harbin');
		expect(replaceInBlock(block, findMatches('Harbin', 'harbin'), '')).toBeNull();
		expect(replaceInBlock(block, findMatches('Harbin', 'harbin'), '   ')).toBeNull();
	});

	it('returns an equal block when there is nothing to replace', () => {
		const block = paragraph('Harbin\nJixi');
		expect(replaceInBlock(block, [], 'x')).toEqual(block);
	});

	it('refuses a replacement with a line break', () => {
		expect(() => replaceInBlock(paragraph('a'), [{ start: 0, end: 1 }], 'b\nc')).toThrow(RangeError);
	});
});

describe('inContext', () => {
	it('shows a little text on each side, with ellipses where it was cut, and hard breaks as ↵', () => {
		const text = `${'x'.repeat(50)} Ten Thousand Project\nnext`;
		const [item] = inContext(text, findMatches(text, 'ten thousand project'), 'Ten Million Project', 10);
		expect(item).toMatchObject({ before: `…${'x'.repeat(9)} `, match: 'Ten Thousand Project', after: ' ↵ next', replacement: 'Ten Million Project' });
	});

	it('never splits a surrogate pair at the edge of the context', () => {
		const text = '𠮷𠮷𠮷 cat';
		const [item] = inContext(text, findMatches(text, 'cat'), 'dog', 2);
		expect(item.before.startsWith('…')).toBe(true);
		expect(item.before.slice(1)).toBe('𠮷 ');
	});
});
