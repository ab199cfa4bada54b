import type { EngineChoice, EngineView } from './engines';
import type { EngineTest, MtSuggestion } from './suggest';
import type { AllMatches } from './matches';
import { matchesJson, type MatchJson } from '../tm/json';
import { plainText, type Block } from '../../import/model';

// What the API and the pages send about engines: never the key, only whether there is one.

export function engineJson(e: EngineView) {
	return {
		id: e.id,
		name: e.name,
		provider: e.provider,
		url: e.url,
		model: e.model,
		hasApiKey: e.hasApiKey,
		keyUnreadable: e.keyUnreadable,
		projects: e.projects,
		createdBy: e.createdBy,
		createdAt: e.createdAt.toISOString(),
		updatedAt: e.updatedAt.toISOString()
	};
}
export type EngineJson = ReturnType<typeof engineJson>;

export function engineChoiceJson(e: EngineChoice | null) {
	return e && { id: e.id, name: e.name, provider: e.provider };
}

export function engineTestJson(t: EngineTest) {
	return t.ok
		? { ok: true as const, source: t.source, text: t.text, content: t.block, formattingLost: t.formattingLost }
		: { ok: false as const, source: t.source, error: t.error };
}
export type EngineTestJson = ReturnType<typeof engineTestJson>;

export function suggestionJson(s: MtSuggestion) {
	const t = s.translation;
	return {
		engine: s.engine,
		...(t.ok ? { ok: true as const, content: t.block, formattingLost: t.formattingLost ?? [] } : { ok: false as const, error: t.error, retryable: t.retryable })
	};
}

/** The engine's translation as one more entry of a segment's matches, after the memory's. */
export interface MtMatchJson {
	kind: 'mt';
	engine: { id: number; name: string };
	target: string;
	targetContent: Block;
	/** What formatting the engine did not keep, when some was lost. */
	formattingLost?: string[];
}

export interface AllMatchesJson {
	/** With the memory's matches (not with `only=mt`). */
	minScore?: number;
	matches: (MatchJson | MtMatchJson)[];
	/** Why the project's engine gave no suggestion. */
	mtError?: MtErrorJson;
}

export interface MtErrorJson {
	engine: { id: number; name: string };
	message: string;
	retryable: boolean;
}

export function allMatchesJson(result: AllMatches): AllMatchesJson {
	const tm = result.tm ? matchesJson(result.tm) : null;
	const matches: (MatchJson | MtMatchJson)[] = tm ? [...tm.matches] : [];
	const s = result.mt;
	let mtError: MtErrorJson | undefined;
	if (s?.translation.ok) {
		const t = s.translation;
		matches.push({
			kind: 'mt',
			engine: s.engine,
			target: plainText(t.block),
			targetContent: t.block,
			...(t.formattingLost?.length ? { formattingLost: t.formattingLost } : {})
		});
	} else if (s && !s.translation.ok) {
		mtError = { engine: s.engine, message: s.translation.error, retryable: s.translation.retryable };
	}
	return { ...(tm ? { minScore: tm.minScore } : {}), matches, ...(mtError ? { mtError } : {}) };
}
