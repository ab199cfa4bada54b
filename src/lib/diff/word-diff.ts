import { diffSequences, resolveLimits, type DiffLimits, type DiffOp } from './sequence';
import { segmentWordsUpTo, type Token } from './tokenize';

export interface DiffPart {
	op: DiffOp;
	text: string;
}

/**
 * `equal` + `delete` texts in order give the old text, `equal` + `insert` texts give the new one.
 * `replaced` is the fallback when the texts are too long or too different to diff within the
 * limits: its parts are the whole old text deleted and the whole new text inserted.
 */
export type WordDiff = { kind: 'diff'; parts: DiffPart[] } | { kind: 'replaced'; reason: 'too-long' | 'too-different'; parts: DiffPart[] };

export interface WordDiffOptions extends Partial<DiffLimits> {
	/** BCP 47 tag of the texts' language; Chinese and Japanese are segmented the same way without it. */
	locale?: string;
}

/** Word-level diff of two texts, bounded so that no input can hold the event loop for long. */
export function wordDiff(a: string, b: string, options: WordDiffOptions = {}): WordDiff {
	const limits = resolveLimits(options);
	if (a === b) return { kind: 'diff', parts: a ? [{ op: 'equal', text: a }] : [] };
	if (!a || !b) return { kind: 'diff', parts: a ? [{ op: 'delete', text: a }] : [{ op: 'insert', text: b }] };
	if (a.length > limits.maxChars || b.length > limits.maxChars) return replaced(a, b, 'too-long');

	const tokensA = segmentWordsUpTo(a, limits.maxTokens, options.locale);
	const tokensB = tokensA && segmentWordsUpTo(b, limits.maxTokens, options.locale);
	if (!tokensA || !tokensB) return replaced(a, b, 'too-long');

	const sideA = attachSpaces(tokensA);
	const sideB = attachSpaces(tokensB);
	const runs = diffSequences(sideA.keys, sideB.keys, limits);
	if (!runs) return replaced(a, b, 'too-different');

	const parts: DiffPart[] = [];
	const emit = (op: DiffOp, text: string) => {
		if (text) parts.push({ op, text });
	};
	if (sideA.lead === sideB.lead) emit('equal', sideA.lead);
	else {
		emit('delete', sideA.lead);
		emit('insert', sideB.lead);
	}
	let i = 0;
	let j = 0;
	for (const run of runs) {
		for (let k = 0; k < run.items.length; k++) {
			if (run.op === 'delete') {
				emit('delete', sideA.units[i].token + sideA.units[i].space);
				i++;
			} else if (run.op === 'insert') {
				emit('insert', sideB.units[j].token + sideB.units[j].space);
				j++;
			} else {
				const [x, y] = [sideA.units[i++], sideB.units[j++]];
				emit('equal', x.token);
				if (x.space === y.space) emit('equal', x.space);
				else {
					emit('delete', x.space);
					emit('insert', y.space);
				}
			}
		}
	}
	return { kind: 'diff', parts: readableParts(parts) };
}

interface Unit {
	token: string;
	/** The whitespace that follows the token, possibly empty. */
	space: string;
}

/**
 * Words and punctuation, each with the whitespace after it. The diff aligns these alone: were
 * spaces tokens of their own, an alignment keeping four spaces would tie with one keeping four
 * words, and "The city said on Sunday." → "On Sunday, the city said." could come out as
 * everything replaced around kept spaces.
 */
function attachSpaces(tokens: Token[]): { lead: string; units: Unit[]; keys: string[] } {
	let lead = '';
	const units: Unit[] = [];
	for (const { text } of tokens) {
		if (ONLY_WHITESPACE.test(text)) {
			const last = units.at(-1);
			if (last) last.space += text;
			else lead += text;
		} else units.push({ token: text, space: '' });
	}
	return { lead, units, keys: units.map((unit) => unit.token) };
}

function replaced(a: string, b: string, reason: 'too-long' | 'too-different'): WordDiff {
	return {
		kind: 'replaced',
		reason,
		parts: [
			{ op: 'delete', text: a },
			{ op: 'insert', text: b }
		]
	};
}

type Block = { op: 'equal'; text: string } | { op: 'change'; deleted: string; inserted: string };

const ONLY_WHITESPACE = /^\s+$/u;

/**
 * Turns token runs into parts a reviewer reads easily:
 * - neighbouring deletions and insertions become one change, shown deletion first;
 * - a whitespace-only equal run between two changes is folded into them when the result
 *   replaces words with words ("[-quick brown-][+slow red+]" rather than
 *   "[-quick-][+slow+] [-brown-][+red+]"): the space is then both deleted and inserted;
 * - whitespace common to the start (or end) of both sides of a change moves back out of it,
 *   so changes do not begin or end with a space they did not change.
 * Punctuation between changes is never folded: it is a real boundary a reviewer should see.
 */
export function readableParts(parts: DiffPart[]): DiffPart[] {
	const blocks: Block[] = [];
	for (const part of parts) {
		if (!part.text) continue;
		const last = blocks.at(-1);
		if (part.op === 'equal') {
			if (last?.op === 'equal') last.text += part.text;
			else blocks.push({ op: 'equal', text: part.text });
		} else {
			const change = last?.op === 'change' ? last : { op: 'change' as const, deleted: '', inserted: '' };
			if (change !== last) blocks.push(change);
			if (part.op === 'delete') change.deleted += part.text;
			else change.inserted += part.text;
		}
	}

	const folded: Block[] = [];
	for (let i = 0; i < blocks.length; i++) {
		const block = blocks[i];
		const before = folded.at(-1);
		const after = blocks[i + 1];
		if (
			block.op === 'equal' &&
			before?.op === 'change' &&
			after?.op === 'change' &&
			ONLY_WHITESPACE.test(block.text) &&
			(before.deleted || after.deleted) &&
			(before.inserted || after.inserted)
		) {
			before.deleted += block.text + after.deleted;
			before.inserted += block.text + after.inserted;
			i++;
		} else {
			folded.push(block);
		}
	}

	const result: DiffPart[] = [];
	const pushEqual = (text: string) => {
		if (!text) return;
		const last = result.at(-1);
		if (last?.op === 'equal') last.text += text;
		else result.push({ op: 'equal', text });
	};
	for (const block of folded) {
		if (block.op === 'equal') {
			pushEqual(block.text);
			continue;
		}
		let { deleted, inserted } = block;
		const lead = commonWhitespace(deleted, inserted, 'start');
		deleted = deleted.slice(lead.length);
		inserted = inserted.slice(lead.length);
		const trail = commonWhitespace(deleted, inserted, 'end');
		deleted = deleted.slice(0, deleted.length - trail.length);
		inserted = inserted.slice(0, inserted.length - trail.length);
		pushEqual(lead);
		if (deleted) result.push({ op: 'delete', text: deleted });
		if (inserted) result.push({ op: 'insert', text: inserted });
		pushEqual(trail);
	}
	return result;
}

/** The whitespace both strings start (or end) with; a loop, since `/\s*$/` is quadratic on long runs. */
function commonWhitespace(a: string, b: string, side: 'start' | 'end'): string {
	const max = Math.min(a.length, b.length);
	let n = 0;
	if (side === 'start') {
		while (n < max && a[n] === b[n] && isSpace(a[n])) n++;
		return a.slice(0, n);
	}
	while (n < max && a[a.length - 1 - n] === b[b.length - 1 - n] && isSpace(a[a.length - 1 - n])) n++;
	return a.slice(a.length - n);
}

function isSpace(char: string): boolean {
	return /\s/u.test(char);
}
