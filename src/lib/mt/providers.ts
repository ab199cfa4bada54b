import type { TagDialect } from './tags';
import type { ChatMessage } from './prompt';

// What each provider's documented HTTP protocol expects and answers, with no I/O: the server's
// client (src/lib/server/mt) sends these requests, and the test servers answer them.
//   DeepL v2:        POST {base}/v2/translate, `Authorization: DeepL-Auth-Key …`,
//                    { text: [...], source_lang, target_lang, tag_handling: 'html' } → { translations: [{ text }] }
//   LibreTranslate:  POST {base}/translate, { q: [...], source, target, format: 'html', api_key? } → { translatedText: [...] }
//   OpenAI-style:    POST {base}/chat/completions, `Authorization: Bearer …`, { model, messages } → { choices: [{ message: { content } }] }

export const PROVIDERS = ['deepl', 'libretranslate', 'openai'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const PROVIDER_LABELS: Record<Provider, string> = {
	deepl: 'DeepL',
	libretranslate: 'LibreTranslate',
	openai: 'OpenAI-compatible chat (Ollama, llama.cpp, vLLM …)'
};

/** The short name in messages: “DeepL refused the key (403)”. */
export const PROVIDER_NAMES: Record<Provider, string> = { deepl: 'DeepL', libretranslate: 'LibreTranslate', openai: 'The chat model server' };

export const DIALECTS: Record<Provider, TagDialect> = { deepl: 'html', libretranslate: 'html', openai: 'placeholders' };

/**
 * How many segments one request carries, and how many characters at most: DeepL takes 50 texts
 * and 128 KiB a request; LibreTranslate servers often cap characters per request (5,000 by
 * default for keyed users); a chat model is asked one segment at a time so a lost tag or a
 * skipped line cannot shift every later answer.
 */
export const BATCH_LIMITS: Record<Provider, { segments: number; chars: number }> = {
	deepl: { segments: 50, chars: 100_000 },
	libretranslate: { segments: 20, chars: 5_000 },
	openai: { segments: 1, chars: Infinity }
};

export const DEEPL_FREE_URL = 'https://api-free.deepl.com';
export const DEEPL_PRO_URL = 'https://api.deepl.com';

/** DeepL's host for a key when none was configured: free-plan keys end in “:fx”. */
export function deeplBaseUrl(apiKey: string | null): string {
	return apiKey?.endsWith(':fx') ? DEEPL_FREE_URL : DEEPL_PRO_URL;
}

const ENDPOINTS: Record<Provider, string> = { deepl: '/v2/translate', libretranslate: '/translate', openai: '/chat/completions' };

/** The endpoint under a configured base URL; a URL that already names it is taken as it is. */
export function endpointUrl(provider: Provider, base: string): URL {
	const url = new URL(base);
	const path = ENDPOINTS[provider];
	if (!url.pathname.replace(/\/+$/, '').endsWith(path)) url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
	return url;
}

const primary = (tag: string) => tag.split('-')[0].toLowerCase();
const isTraditional = (tag: string) => /-(hant|tw|hk|mo)\b/i.test(tag);

/** DeepL's codes: sources are bare languages (ZH); English and Portuguese targets name a variant. */
export function deeplLanguage(tag: string, side: 'source' | 'target'): string {
	const lang = primary(tag).toUpperCase();
	if (side === 'source') return lang;
	if (lang === 'EN') return /-(gb|uk|ie|au|nz)\b/i.test(tag) ? 'EN-GB' : 'EN-US';
	if (lang === 'PT') return /-pt\b/i.test(tag) ? 'PT-PT' : 'PT-BR';
	if (lang === 'ZH') return isTraditional(tag) ? 'ZH-HANT' : 'ZH-HANS';
	return lang;
}

/** LibreTranslate's codes (Argos models): bare languages, with “zt” for traditional Chinese. */
export function libreLanguage(tag: string): string {
	const lang = primary(tag);
	return lang === 'zh' && isTraditional(tag) ? 'zt' : lang;
}

export interface ProviderRequest {
	headers: Record<string, string>;
	body: unknown;
}

export interface Languages {
	sourceLang: string;
	targetLang: string;
}

export function deeplRequest(texts: readonly string[], langs: Languages, apiKey: string | null): ProviderRequest {
	return {
		headers: apiKey ? { authorization: `DeepL-Auth-Key ${apiKey}` } : {},
		body: {
			text: texts,
			source_lang: deeplLanguage(langs.sourceLang, 'source'),
			target_lang: deeplLanguage(langs.targetLang, 'target'),
			tag_handling: 'html',
			// Whether a line is one sentence is the segment's business, not the engine's.
			split_sentences: 'nonewlines'
		}
	};
}

export function libreRequest(texts: readonly string[], langs: Languages, apiKey: string | null): ProviderRequest {
	return {
		headers: {},
		body: { q: texts, source: libreLanguage(langs.sourceLang), target: libreLanguage(langs.targetLang), format: 'html', ...(apiKey ? { api_key: apiKey } : {}) }
	};
}

export function chatRequest(messages: readonly ChatMessage[], model: string | null, apiKey: string | null): ProviderRequest {
	return {
		headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
		// Low temperature: a translation, not a story; a stream would only make the answer harder to bound.
		body: { model: model ?? '', messages, temperature: 0.2, stream: false }
	};
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The texts of an answer, one per text sent, or null when the answer is not shaped as documented. */
export function readTranslations(provider: Provider, json: unknown, count: number): string[] | null {
	if (!isRecord(json)) return null;
	let texts: unknown[];
	if (provider === 'deepl') {
		if (!Array.isArray(json.translations)) return null;
		texts = json.translations.map((t) => (isRecord(t) ? t.text : undefined));
	} else if (provider === 'libretranslate') {
		const translated = json.translatedText;
		texts = Array.isArray(translated) ? translated : [translated];
	} else {
		if (!Array.isArray(json.choices) || !isRecord(json.choices[0]) || !isRecord(json.choices[0].message)) return null;
		texts = [json.choices[0].message.content];
	}
	if (texts.length !== count || !texts.every((t): t is string => typeof t === 'string')) return null;
	return texts;
}

/** The reason an error answer gives, when it gives one: DeepL's `message`, LibreTranslate's `error`, OpenAI's `error.message`. */
export function errorReason(json: unknown): string | null {
	if (!isRecord(json)) return null;
	const reason =
		typeof json.message === 'string'
			? json.message
			: typeof json.error === 'string'
				? json.error
				: isRecord(json.error) && typeof json.error.message === 'string'
					? json.error.message
					: null;
	return reason ? reason.slice(0, 300) : null;
}
