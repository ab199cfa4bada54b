import { compileGlossary, type GlossaryMatcher } from '../glossary/match';
import type { GlossaryEntry, TermStatus } from '../glossary/types';
import { languageLabel } from '../text/languages';
import type { EngineSegment } from './tags';

// What a chat model is told: translate, keep the numbered tags, follow the project's glossary for
// the terms this segment contains. Only terms found in the source are sent, and at most so many,
// so a 10,000-entry termbase neither swamps the model's context nor costs tokens on every call.

export const MAX_PROMPT_TERMS = 40;
export const MAX_GLOSSARY_CHARS = 4_000;

export interface ChatMessage {
	role: 'system' | 'user';
	content: string;
}

const RULE: Record<TermStatus, (e: GlossaryEntry) => string> = {
	preferred: (e) => `translate “${e.source}” as “${e.target}”`,
	admitted: (e) => `“${e.source}” may be translated as “${e.target}”`,
	deprecated: (e) => `avoid “${e.target}” for “${e.source}”`,
	forbidden: (e) => `never translate “${e.source}” as “${e.target}”`,
	do_not_translate: (e) => `keep “${e.source}” as it is, untranslated`
};

// Stronger instructions first, so that the cut, when there is one, drops the weakest.
const WEIGHT: Record<TermStatus, number> = { do_not_translate: 0, forbidden: 1, preferred: 2, deprecated: 3, admitted: 4 };

/** The glossary lines for the terms found in `sourceText`, strongest first, within the bounds above. */
export function glossaryInstructions(sourceText: string, glossary: readonly GlossaryEntry[] | GlossaryMatcher, sourceLang?: string): string[] {
	const matcher = Array.isArray(glossary) ? compileGlossary(glossary) : (glossary as GlossaryMatcher);
	const seen = new Set<string>();
	const entries: GlossaryEntry[] = [];
	for (const match of matcher.find(sourceText, 'source', sourceLang)) {
		const key = `${match.entry.source}\u0000${match.entry.target}\u0000${match.entry.status}`;
		if (seen.has(key)) continue;
		seen.add(key);
		entries.push(match.entry);
	}
	entries.sort((a, b) => WEIGHT[a.status] - WEIGHT[b.status]);
	const lines: string[] = [];
	let size = 0;
	for (const entry of entries) {
		const line = `- ${RULE[entry.status](entry)}`;
		if (lines.length >= MAX_PROMPT_TERMS || size + line.length > MAX_GLOSSARY_CHARS) break;
		lines.push(line);
		size += line.length + 1;
	}
	return lines;
}

export interface PromptInput {
	sourceLang: string;
	targetLang: string;
	segment: EngineSegment;
	/** The segment's plain source text, which the glossary is matched against. */
	sourceText: string;
	glossary?: readonly GlossaryEntry[] | GlossaryMatcher;
}

/** The messages for one segment; the answer is read back with `readChatAnswer` and then `fromEngineAnswer`. */
export function chatMessages(input: PromptInput): ChatMessage[] {
	const from = languageLabel(input.sourceLang);
	const to = languageLabel(input.targetLang);
	const rules = [
		`You translate news text from ${from} into ${to}.`,
		'Answer with the translation only: no explanation, no quotation marks, no notes.',
		'The text may hold tags such as <g1>…</g1> around words and <br/> for a line break. Keep every tag exactly as written, each pair around the words that translate the words it wrapped; add no other tags.'
	];
	const terms = input.glossary ? glossaryInstructions(input.sourceText, input.glossary, input.sourceLang) : [];
	if (terms.length) rules.push(`Follow the project's glossary:\n${terms.join('\n')}`);
	return [
		{ role: 'system', content: rules.join('\n') },
		{ role: 'user', content: input.segment.text }
	];
}

/** A chat model's reply without the wrapping some models add anyway: a code fence, surrounding quotes. */
export function readChatAnswer(content: string): string {
	let text = content.trim();
	const fenced = /^```[a-z]*\n([\s\S]*?)\n?```$/i.exec(text);
	if (fenced) text = fenced[1].trim();
	const quoted = /^[“"]([\s\S]*)[”"]$/.exec(text);
	if (quoted && !/[“”"]/.test(quoted[1])) text = quoted[1];
	return text;
}
