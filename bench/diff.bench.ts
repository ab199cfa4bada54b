/**
 * Word-diff timings for related and unrelated texts of 1k, 10k and 20k words, with the default
 * limits and with the length caps lifted (so the edit-length and time limits do the bounding).
 * Prints figures; asserts nothing.   npx tsx bench/diff.bench.ts
 */
import { loadavg } from 'node:os';
import { DEFAULT_LIMITS, postEditMetrics, tokenize, wordDiff, type WordDiffOptions } from '../src/lib/diff';

function random(seed: number): () => number {
	// mulberry32: the same texts on every run.
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const syllables = ['ha', 'er', 'bin', 'long', 'jiang', 'ri', 'bao', 'the', 'pro', 'ject', 'ten', 'mil', 'lion', 'sand', 'wa', 'ter', 'ci', 'ty', 'new', 'port'];

function makeVocabulary(next: () => number): string[] {
	const words = new Set<string>(['the', 'of', 'and', 'to', 'in', 'a', 'is', 'on', 'for', 'with']);
	while (words.size < 3_000) {
		const n = 1 + Math.floor(next() * 3);
		words.add(Array.from({ length: n }, () => syllables[Math.floor(next() * syllables.length)]).join(''));
	}
	return [...words];
}

/** Zipf-like draw, so common words repeat as in real prose (the hard case for an LCS). */
function pickWord(vocabulary: string[], next: () => number): string {
	return vocabulary[Math.floor(vocabulary.length * next() ** 3)];
}

/** Words with a comma or full stop now and then, as they would be written. */
function makeWords(count: number, vocabulary: string[], next: () => number): string[] {
	return Array.from({ length: count }, () => {
		const word = pickWord(vocabulary, next);
		const r = next();
		return r < 0.06 ? `${word}.` : r < 0.15 ? `${word},` : word;
	});
}

function toText(words: string[]): string {
	return words.join(' ');
}

/** About 5% of the words replaced, inserted or deleted: a heavy post-edit. */
function mutate(words: string[], vocabulary: string[], next: () => number): string[] {
	const out: string[] = [];
	for (const word of words) {
		const r = next();
		if (r < 0.02) out.push(pickWord(vocabulary, next));
		else if (r < 0.035) out.push(word, pickWord(vocabulary, next));
		else if (r < 0.05) continue;
		else out.push(word);
	}
	return out;
}

function time<T>(fn: () => T, runs: number): { result: T; min: number; median: number } {
	const times: number[] = [];
	let result = fn(); // warm-up, not timed
	for (let i = 0; i < runs; i++) {
		const start = performance.now();
		result = fn();
		times.push(performance.now() - start);
	}
	times.sort((x, y) => x - y);
	return { result, min: times[0], median: times[Math.floor(times.length / 2)] };
}

const next = random(2023_07_02);
const vocabulary = makeVocabulary(next);
const uncapped: WordDiffOptions = { maxTokens: Infinity, maxChars: Infinity };
const rows: string[][] = [];

for (const words of [1_000, 10_000, 20_000]) {
	const base = makeWords(words, vocabulary, next);
	const pairs = {
		related: [toText(base), toText(mutate(base, vocabulary, next))],
		unrelated: [toText(base), toText(makeWords(words, vocabulary, next))]
	};
	for (const [relation, [a, b]] of Object.entries(pairs)) {
		const tokens = `${tokenize(a).length}/${tokenize(b).length}`;
		for (const [limits, options] of [
			['default', {}],
			['no length cap', uncapped]
		] as const) {
			const diff = time(() => wordDiff(a, b, options), 5);
			const outcome = diff.result.kind === 'diff' ? `diff, ${diff.result.parts.length} parts` : `replaced (${diff.result.reason})`;
			rows.push([`${words / 1000}k ${relation}`, tokens, limits, outcome, diff.min.toFixed(1), diff.median.toFixed(1)]);
		}
		const metrics = time(() => postEditMetrics(a, b), 5);
		const m = metrics.result;
		rows.push([
			`${words / 1000}k ${relation}`,
			tokens,
			'postEditMetrics',
			`unmodified ${m.unmodifiedMtShare?.toFixed(3)}${m.exact ? '' : ' (estimate)'}`,
			metrics.min.toFixed(1),
			metrics.median.toFixed(1)
		]);
	}
}

const text20k = toText(makeWords(20_000, vocabulary, next));
const tokenizeTimes = time(() => tokenize(text20k), 5);
rows.push(['tokenize 20k words', '', '', '', tokenizeTimes.min.toFixed(1), tokenizeTimes.median.toFixed(1)]);

const header = ['pair', 'tokens a/b', 'limits', 'result', 'min ms', 'median ms'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
const line = (cells: string[]) => cells.map((cell, i) => (i >= 4 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ');
console.log(`word diff, Node ${process.version}, load average ${loadavg()[0].toFixed(1)}; default limits ${JSON.stringify(DEFAULT_LIMITS)}`);
console.log('5 timed runs after a warm-up; "no length cap" lifts maxTokens and maxChars only');
console.log(line(header));
for (const row of rows) console.log(line(row));
