import type { EngineChoice, EngineView } from './engines';
import type { EngineTest, MtSuggestion } from './suggest';

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
