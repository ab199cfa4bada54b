import type { QaCheck, QaContext, QaFinding } from '../types';
import { primaryLanguage } from '../../text/languages';

// Characters that never belong in a Latin-script translation: CJK scripts, CJK punctuation and
// the full-width forms a Chinese or Japanese input method types.
const STRONG = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\u30A0-\u30FF\uFE30-\uFE4F\uFF00-\uFFEF]/u;
// Curly quotes, the ellipsis, the em dash and the middle dot are ordinary English typography:
// they count only next to a strong character or doubled the Chinese way (“……”, “——”).
const RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\u30A0-\u30FF\uFE30-\uFE4F\uFF00-\uFFEF“”‘’…—·]+/gu;

const CJK_LANGS = new Set(['zh', 'ja', 'ko', 'yue', 'cmn', 'wuu', 'lzh']);

const REPLACEMENTS: Record<string, string> = {
	'，': ',',
	'、': ',',
	'。': '.',
	'：': ':',
	'；': ';',
	'（': '(',
	'）': ')',
	'“': '"',
	'”': '"',
	'‘': "'",
	'’': "'",
	'！': '!',
	'？': '?',
	丨: '|',
	'\u3000': ' '
};

const NAMES: Record<string, string> = {
	'，': 'full-width comma',
	'、': 'enumeration comma',
	'。': 'ideographic full stop',
	'：': 'full-width colon',
	'；': 'full-width semicolon',
	'（': 'full-width parenthesis',
	'）': 'full-width parenthesis',
	'！': 'full-width exclamation mark',
	'？': 'full-width question mark',
	丨: 'full-width vertical bar',
	'【': 'lenticular bracket',
	'】': 'lenticular bracket',
	'《': 'title mark',
	'》': 'title mark',
	'……': 'Chinese ellipsis',
	'——': 'Chinese dash',
	'\u3000': 'ideographic space'
};

export function isCjkLanguage(tag: string): boolean {
	return CJK_LANGS.has(primaryLanguage(tag));
}

function replacementFor(char: string): string | null {
	if (char in REPLACEMENTS) return REPLACEMENTS[char];
	const code = char.codePointAt(0) ?? 0;
	// U+FF01–U+FF5E mirror ASCII ! to ~ at a fixed distance.
	if (code >= 0xff01 && code <= 0xff5e) return String.fromCodePoint(code - 0xfee0);
	return null;
}

function describe(run: string): string {
	if (run in NAMES) return NAMES[run];
	const kinds: string[] = [];
	if (/\p{Script=Han}/u.test(run)) kinds.push('Chinese characters');
	if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(run)) kinds.push('Japanese kana');
	if (/\p{Script=Hangul}/u.test(run)) kinds.push('Korean hangul');
	if (/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/u.test(run)) kinds.push('full-width letters or digits');
	if (/[\u3000-\u303F\uFE30-\uFE4F\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65…—]/u.test(run)) kinds.push('full-width punctuation');
	return kinds.length > 0 ? kinds.join(' and ') : 'characters of the source script';
}

function quoted(run: string): string {
	const chars = [...run];
	return chars.length > 20 ? chars.slice(0, 20).join('') + '…' : run;
}

export function leftoverScript(target: string): QaFinding[] {
	const findings: QaFinding[] = [];
	for (const match of target.matchAll(RUN)) {
		const run = match[0];
		if (!STRONG.test(run) && !run.includes('……') && !run.includes('——')) continue;
		const start = match.index;
		const span = { start, end: start + run.length };
		const parts = [...run].map(replacementFor);
		const replacement = parts.every((part) => part !== null) ? parts.join('') : null;
		const what = `The translation still has “${quoted(run)}” (${describe(run)}) from the source`;
		if (replacement === null) {
			findings.push({ message: `${what}: translate or remove it.`, target: span });
			continue;
		}
		const advice = run === '丨' ? `use “|” or a dash` : `use “${replacement}”`;
		findings.push({
			message: `${what}: ${advice}.`,
			target: span,
			fix: { target: span, replacement, label: `Replace with “${replacement}”` }
		});
	}
	return findings;
}

export const leftoverScriptCheck: QaCheck = {
	id: 'leftover-script',
	severity: 'error',
	label: 'Source script',
	run(segment, context: QaContext) {
		if (isCjkLanguage(context.targetLang)) return [];
		return leftoverScript(segment.target);
	}
};
