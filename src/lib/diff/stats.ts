import { countWordsAndCharacters } from './tokenize';
import type { DiffPart } from './word-diff';

export interface DiffStats {
	/** Word-like tokens (Segmenter's `isWordLike`) in inserted parts; a CJK word counts once. */
	wordsInserted: number;
	wordsDeleted: number;
	/** Grapheme clusters other than whitespace in inserted parts. */
	charactersInserted: number;
	charactersDeleted: number;
	/** charactersInserted + charactersDeleted. */
	charactersChanged: number;
}

/**
 * Counts for a diff as displayed. Whitespace never counts, so a space folded into both sides of a
 * change adds nothing, and a punctuation-only edit shows as characters changed with no words.
 */
export function diffStats(parts: readonly DiffPart[], locale?: string): DiffStats {
	const stats: DiffStats = { wordsInserted: 0, wordsDeleted: 0, charactersInserted: 0, charactersDeleted: 0, charactersChanged: 0 };
	for (const part of parts) {
		if (part.op === 'equal') continue;
		const { words, characters } = countWordsAndCharacters(part.text, locale);
		if (part.op === 'insert') {
			stats.wordsInserted += words;
			stats.charactersInserted += characters;
		} else {
			stats.wordsDeleted += words;
			stats.charactersDeleted += characters;
		}
	}
	stats.charactersChanged = stats.charactersInserted + stats.charactersDeleted;
	return stats;
}
