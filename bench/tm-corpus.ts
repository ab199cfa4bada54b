import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// Chinese sentences of news length made of words drawn by frequency from the dictionary that
// @node-rs/jieba ships (349,045 words with counts), so character and word frequencies are those
// of real text; English targets from a fixed word list. Seeded: every run builds the same corpus.

export function rng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const HAN_WORD = /^\p{Script=Han}+$/u;
const ENGLISH = (
	'the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were her she there ' +
	'project province village road rural development county government work policy farmers million thousand plan support county reform ' +
	'economy village improve construction environment service health education water market industry investment network'
).split(' ');

export class Corpus {
	private readonly words: string[] = [];
	private readonly cumulative: number[] = [];
	private total = 0;
	readonly random: () => number;

	constructor(seed = 13) {
		this.random = rng(seed);
		const require = createRequire(import.meta.url);
		const dict = readFileSync(require.resolve('@node-rs/jieba/dict.txt'), 'utf8');
		for (const line of dict.split('\n')) {
			const [word, freq] = line.split(' ');
			if (!word || !HAN_WORD.test(word)) continue;
			this.total += Number(freq);
			this.words.push(word);
			this.cumulative.push(this.total);
		}
	}

	word(): string {
		const x = this.random() * this.total;
		let lo = 0;
		let hi = this.cumulative.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.cumulative[mid] < x) lo = mid + 1;
			else hi = mid;
		}
		return this.words[lo];
	}

	/** A sentence of about `chars` Han characters, with commas between clauses. */
	sentence(chars = 12 + Math.floor(this.random() * 60)): string {
		let out = '';
		let clause = 0;
		const clauseLength = 8 + Math.floor(this.random() * 12);
		while (out.length < chars) {
			const w = this.word();
			out += w;
			clause += w.length;
			if (clause >= clauseLength && out.length < chars - 4) {
				out += '，';
				clause = 0;
			}
		}
		return out + '。';
	}

	/** A heading or term: a few words, no punctuation. */
	short(): string {
		let out = '';
		const n = 1 + Math.floor(this.random() * 3);
		for (let i = 0; i < n; i++) out += this.word();
		return out.slice(0, 8);
	}

	english(words = 8 + Math.floor(this.random() * 20)): string {
		return Array.from({ length: words }, () => ENGLISH[Math.floor(this.random() * ENGLISH.length)]).join(' ') + '.';
	}

	/** `edits` word-sized changes to a sentence: a replaced, dropped or added word. */
	edit(sentence: string, edits: number): string {
		let s = sentence;
		for (let i = 0; i < edits; i++) {
			const at = Math.floor(this.random() * Math.max(1, s.length - 2));
			const kind = this.random();
			const w = this.word();
			if (kind < 0.5) s = s.slice(0, at) + w + s.slice(at + w.length);
			else if (kind < 0.75) s = s.slice(0, at) + s.slice(at + 2);
			else s = s.slice(0, at) + w + s.slice(at);
		}
		return s;
	}
}
