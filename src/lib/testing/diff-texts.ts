/** fast-check arbitraries shared by the diff tests. */
import fc from 'fast-check';

// prettier-ignore
const FRAGMENTS = [
	'the', 'Ten', 'Thousand', 'Million', 'Project', 'city', '2021', '1,000', "don't", 'U.S.', 'e.g.', 'co-op',
	' ', ' ', ' ', '  ', '\n', '\n\n', '\t', '\r\n', '\u3000', '\u00a0',
	',', '.', '...', ';', ':', '!', '?', '(', ')', '[', ']', '"', "'", '“', '”', '-', '_', '/', '@',
	'黑龙江', '日报', '哈尔滨市', '举办了', '万人', '十万人', '活动', '，', '。', '、',
	'東京都', 'に住んでいます', 'カタカナ', 'ひらがな', 'ไทย', 'ภาษา', '서울에', '살아요',
	'é', 'e\u0301', '\u0301', '\u200d', '\ufeff', '😀', '👨‍👩‍👧', '🏻', '🇫🇷', '\ud800'
];

/** Any UTF-16 string: full Unicode, lone surrogates included. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
	fc.string({ unit: 'binary', maxLength: 200 }),
	fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 200 }),
	fc.string({ unit: fc.constantFrom(...FRAGMENTS), maxLength: 60 })
);

/** Prose-like text from words, spaces, punctuation, CJK, Thai, Korean, combining marks and emoji. */
export const mixedText: fc.Arbitrary<string> = fc.string({ unit: fc.constantFrom(...FRAGMENTS), maxLength: 80 });

/** Two texts where the second is an edit of the first, so that diffs have equal runs to find. */
export const editedPair: fc.Arbitrary<[string, string]> = fc
	.tuple(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }), fc.array(fc.tuple(fc.nat(), fc.option(fc.constantFrom(...FRAGMENTS))), { maxLength: 8 }))
	.map(([pieces, edits]) => {
		const edited = [...pieces];
		for (const [at, piece] of edits) {
			const i = edited.length ? at % (edited.length + 1) : 0;
			if (piece === null) edited.splice(i, 1);
			else if (at % 2) edited.splice(i, 0, piece);
			else edited.splice(i, 1, piece);
		}
		return [pieces.join(''), edited.join('')];
	});

/** Any two texts: edited pairs, unrelated pairs and arbitrary strings. */
export const textPair: fc.Arbitrary<[string, string]> = fc.oneof(editedPair, fc.tuple(anyText, anyText), fc.tuple(mixedText, mixedText));
