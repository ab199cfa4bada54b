import type { QaCheck, QaFinding } from '../types';

interface Pair {
	open: string;
	close: string;
	name: string;
	/** The source's spellings of the same pair (Chinese and Japanese use full-width forms). */
	sourceOpen: string;
	sourceClose: string;
}

const PAIRS: readonly Pair[] = [
	{ open: '(', close: ')', name: 'parenthesis', sourceOpen: '(（', sourceClose: ')）' },
	{ open: '[', close: ']', name: 'square bracket', sourceOpen: '[［【〔', sourceClose: ']］】〕' },
	{ open: '{', close: '}', name: 'brace', sourceOpen: '{｛', sourceClose: '}｝' },
	{ open: '“', close: '”', name: 'quotation mark', sourceOpen: '“「『', sourceClose: '”」』' }
];

function countChars(text: string): Map<string, number> {
	const counts = new Map<string, number>();
	// Every bracket and quote is in the basic plane, so UTF-16 units are enough.
	for (let i = 0; i < text.length; i++) counts.set(text[i], (counts.get(text[i]) ?? 0) + 1);
	return counts;
}

function net(counts: Map<string, number>, opens: string, closes: string): number {
	let total = 0;
	for (const char of opens) total += counts.get(char) ?? 0;
	for (const char of closes) total -= counts.get(char) ?? 0;
	return total;
}

function unmatched(target: string, pair: Pair): number[] {
	const open: number[] = [];
	const stray: number[] = [];
	for (let i = 0; i < target.length; i++) {
		const char = target[i];
		if (char === pair.open) open.push(i);
		else if (char === pair.close) {
			if (open.length > 0) open.pop();
			else stray.push(i);
		}
	}
	return [...stray, ...open];
}

export function bracketFindings(source: string, target: string): QaFinding[] {
	const findings: QaFinding[] = [];
	const sourceCounts = countChars(source);
	const targetCounts = countChars(target);
	for (const pair of PAIRS) {
		const positions = unmatched(target, pair);
		if (positions.length === 0) continue;
		const sourceNet = net(sourceCounts, pair.sourceOpen, pair.sourceClose);
		// A paragraph of a quotation that spans paragraphs opens a quote it does not close: so
		// does its source, and the translation is right to follow it.
		if (sourceNet !== 0 && net(targetCounts, pair.open, pair.close) === sourceNet) continue;
		for (const i of positions) {
			const char = target[i];
			const [role, partnerRole, partner] = char === pair.open ? ['opening', 'closing', pair.close] : ['closing', 'opening', pair.open];
			findings.push({
				message: `This ${role} ${pair.name} (${char}) has no ${partnerRole} one (${partner}): add it or remove this one.`,
				target: { start: i, end: i + 1 }
			});
		}
	}
	if ((targetCounts.get('"') ?? 0) % 2 === 1 && (sourceCounts.get('"') ?? 0) % 2 === 0) {
		const i = target.lastIndexOf('"');
		findings.push({ message: 'The translation has an odd number of straight quotes ("): one of them has no partner.', target: { start: i, end: i + 1 } });
	}
	return findings;
}

export const bracketsCheck: QaCheck = {
	id: 'brackets',
	severity: 'warning',
	label: 'Brackets and quotes',
	run({ source, target }) {
		return bracketFindings(source, target);
	}
};
