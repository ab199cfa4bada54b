import type { GlossaryEntry } from '../src/lib/glossary/types';
import { DEMO_GLOSSARY } from '../src/lib/glossary/demo';

// A large termbase for the benchmarks: the demo glossary (whose terms the bench documents use)
// plus generated Chinese terms of two to five characters with English renditions, in the mix of
// statuses a real termbase has. Deterministic, so runs compare.

const HAN =
	'省市县区科技协会工程经验党组学习中心组会议研究讨论案例建设发展改革创新农村城市文化旅游产业服务群众治理基层组织人才资源环境生态安全教育卫生交通水利能源';
const WORDS =
	'provincial municipal county science technology association project experience group study centre meeting research case building development reform innovation rural urban culture tourism industry service people governance grassroots talent resource environment ecology safety education health transport water energy'.split(
		' '
	);

export function benchGlossary(size = 5_000): GlossaryEntry[] {
	const entries: GlossaryEntry[] = [...DEMO_GLOSSARY];
	// mulberry32: integer-exact in JavaScript (a float LCG loses bits and falls into short cycles).
	let seed = 7;
	const next = (n: number) => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) % n;
	};
	const seen = new Set(entries.map((e) => e.source));
	while (entries.length < size) {
		const length = 2 + next(4);
		const source = Array.from({ length }, () => HAN[next(HAN.length)]).join('');
		if (seen.has(source)) continue;
		seen.add(source);
		const target = Array.from({ length: 1 + next(3) }, () => WORDS[next(WORDS.length)]).join(' ');
		const roll = next(20);
		const status = roll === 0 ? 'forbidden' : roll === 1 ? 'do_not_translate' : roll < 5 ? 'admitted' : 'preferred';
		entries.push({ source, target: status === 'do_not_translate' ? source : target, status, caseSensitive: false, note: null, partOfSpeech: null });
	}
	return entries;
}
