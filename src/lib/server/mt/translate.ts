import { mtTargetPolicy } from '../db/config';
import { compileGlossary, type GlossaryMatcher } from '../../glossary/match';
import type { GlossaryEntry } from '../../glossary/types';
import { isBlock, plainText, type Block } from '../../import/model';
import { chatMessages, readChatAnswer } from '../../mt/prompt';
import {
	BATCH_LIMITS,
	chatRequest,
	deeplBaseUrl,
	deeplRequest,
	DIALECTS,
	endpointUrl,
	errorReason,
	libreRequest,
	PROVIDER_NAMES,
	readTranslations
} from '../../mt/providers';
import { fromEngineAnswer, toEngineSegment, type EngineSegment } from '../../mt/tags';
import type { MtEngine } from './engines';
import { postJson, type PostResult } from './http';

// Translating segments with an engine: batched as far as the provider allows, each request
// bounded in time, retried with exponential backoff and jitter when the engine is busy or failing
// (429, 5xx, no answer in time), honouring Retry-After. Each block gets its own outcome, so a
// caller (the workspace's suggestion, a pre-translation job) stores what worked and reports the
// rest; `retryable` says whether trying the same segment later may succeed.

export interface TranslateInput {
	sourceLang: string;
	targetLang: string;
	blocks: readonly Block[];
	/** The project's accepted glossary: chat models are told to follow it. */
	glossary?: readonly GlossaryEntry[];
}

export interface TranslateOptions {
	signal?: AbortSignal;
	/** For each request. */
	timeoutMs?: number;
	/** Tries per request, the first included. */
	attempts?: number;
	/** The first backoff; each next one doubles, with jitter. */
	backoffMs?: number;
	/** The longest Retry-After waited for; a longer one ends the tries with a message saying so. */
	maxRetryAfterMs?: number;
}

export type SegmentTranslation =
	| { ok: true; block: Block; /** What formatting did not survive, when some did not. */ formattingLost?: string[] }
	| { ok: false; error: string; retryable: boolean };

export const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_ATTEMPTS = 3;
const DEFAULT_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;
const DEFAULT_MAX_RETRY_AFTER_MS = 30_000;

type Failure = { ok: false; error: string; retryable: boolean };

export async function translateSegments(engine: MtEngine, input: TranslateInput, options: TranslateOptions = {}): Promise<SegmentTranslation[]> {
	const results: SegmentTranslation[] = new Array(input.blocks.length);
	const name = PROVIDER_NAMES[engine.provider];
	if (engine.keyUnreadable) {
		const error = `The API key of “${engine.name}” cannot be decrypted with this server’s secret (was RENDITION_SECRET changed?); an administrator must enter it again.`;
		return input.blocks.map(() => ({ ok: false, error, retryable: false }));
	}
	const dialect = DIALECTS[engine.provider];
	const pending: { index: number; sent: EngineSegment; source: string }[] = [];
	input.blocks.forEach((block, index) => {
		if (!isBlock(block)) results[index] = { ok: false, error: 'This segment has no text to translate.', retryable: false };
		else pending.push({ index, sent: toEngineSegment(block, dialect), source: plainText(block) });
	});
	const matcher = engine.provider === 'openai' && input.glossary?.length ? compileGlossary(input.glossary) : undefined;
	for (const batch of batches(pending, BATCH_LIMITS[engine.provider])) {
		const outcome = await requestBatch(engine, input, batch, matcher, options);
		batch.forEach((item, i) => {
			if (!outcome.ok) {
				results[item.index] = outcome;
				return;
			}
			const text = engine.provider === 'openai' ? readChatAnswer(outcome.texts[i]) : outcome.texts[i];
			const answer = fromEngineAnswer(text, item.sent);
			if (!answer.ok) results[item.index] = { ok: false, error: `${name}: ${answer.error}`, retryable: false };
			else results[item.index] = answer.formattingLost ? { ok: true, block: answer.block, formattingLost: answer.lost } : { ok: true, block: answer.block };
		});
	}
	return results;
}

function batches<T extends { sent: EngineSegment }>(items: readonly T[], limit: { segments: number; chars: number }): T[][] {
	const out: T[][] = [];
	let current: T[] = [];
	let chars = 0;
	for (const item of items) {
		if (current.length && (current.length >= limit.segments || chars + item.sent.text.length > limit.chars)) {
			out.push(current);
			current = [];
			chars = 0;
		}
		current.push(item);
		chars += item.sent.text.length;
	}
	if (current.length) out.push(current);
	return out;
}

type BatchOutcome = { ok: true; texts: string[] } | Failure;

async function requestBatch(
	engine: MtEngine,
	langs: TranslateInput,
	batch: readonly { sent: EngineSegment; source: string }[],
	glossary: GlossaryMatcher | undefined,
	options: TranslateOptions
): Promise<BatchOutcome> {
	const texts = batch.map((b) => b.sent.text);
	const request =
		engine.provider === 'deepl'
			? deeplRequest(texts, langs, engine.apiKey)
			: engine.provider === 'libretranslate'
				? libreRequest(texts, langs, engine.apiKey)
				: chatRequest(chatMessages({ ...langs, segment: batch[0].sent, sourceText: batch[0].source, glossary }), engine.model, engine.apiKey);
	let url: URL;
	try {
		url = endpointUrl(engine.provider, engine.url || deeplBaseUrl(engine.apiKey));
	} catch {
		return { ok: false, error: `“${engine.url}” is not a URL Rendition can send requests to; an administrator must correct the engine.`, retryable: false };
	}
	const name = PROVIDER_NAMES[engine.provider];
	const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	const attempts = Math.max(1, options.attempts ?? DEFAULT_ATTEMPTS);
	const failures: string[] = [];
	for (let attempt = 1; ; attempt++) {
		const result = await postJson(url, { ...request, timeoutMs, signal: options.signal, policy: mtTargetPolicy() });
		const verdict = judge(result, engine, url, timeoutMs, texts.length);
		if (verdict.ok || !verdict.retry) return verdict.ok ? verdict : { ok: false, error: verdict.error, retryable: verdict.retryable };
		failures.push(verdict.short);
		if (attempt >= attempts) return { ok: false, error: exhausted(name, failures, timeoutMs), retryable: true };
		let wait = Math.min(MAX_BACKOFF_MS, (options.backoffMs ?? DEFAULT_BACKOFF_MS) * 2 ** (attempt - 1));
		wait = wait / 2 + Math.random() * (wait / 2);
		if (result.kind === 'answer' && result.retryAfterSeconds !== null) {
			const asked = result.retryAfterSeconds * 1000;
			if (asked > (options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS)) {
				return {
					ok: false,
					error: `${name} asks to wait ${result.retryAfterSeconds} s before the next request (${result.status}); try again later.`,
					retryable: true
				};
			}
			wait = Math.max(wait, asked);
		}
		if (!(await sleep(wait, options.signal))) return { ok: false, error: 'The translation was cancelled.', retryable: true };
	}
}

type Verdict = { ok: true; texts: string[] } | { ok: false; retry: true; short: string } | { ok: false; retry: false; error: string; retryable: boolean };

function judge(result: PostResult, engine: MtEngine, url: URL, timeoutMs: number, count: number): Verdict {
	const name = PROVIDER_NAMES[engine.provider];
	switch (result.kind) {
		case 'timeout':
			return { ok: false, retry: true, short: 'timeout' };
		case 'aborted':
			return { ok: false, retry: false, error: 'The translation was cancelled.', retryable: true };
		case 'refused':
			return { ok: false, retry: false, error: result.message, retryable: false };
		case 'network':
			return { ok: false, retry: true, short: `could not be reached at ${url.host} (${result.message})` };
	}
	const { status, json } = result;
	const reason = errorReason(json);
	const because = reason ? `: ${reason}` : '';
	if (status === 429 || status >= 500) return { ok: false, retry: true, short: String(status) };
	if (status === 401 || status === 403) {
		const error = engine.apiKey
			? `${name} refused the key (${status})${because}`
			: `${name} refused the request without an API key (${status})${because}; an administrator must add the engine’s key.`;
		return { ok: false, retry: false, error, retryable: false };
	}
	if (status === 456) return { ok: false, retry: false, error: `${name}'s quota for this key is used up (456)${because}.`, retryable: false };
	if (status === 404)
		return {
			ok: false,
			retry: false,
			error: `${name} has nothing at ${url.href} (404)${because}: check the engine’s URL${engine.provider === 'openai' ? ' and model' : ''}.`,
			retryable: false
		};
	if (status < 200 || status >= 300) return { ok: false, retry: false, error: `${name} refused the request (${status})${because}.`, retryable: false };
	const texts = readTranslations(engine.provider, json, count);
	if (!texts)
		return {
			ok: false,
			retry: false,
			error: `${name} answered in a form Rendition cannot read (expected ${count === 1 ? 'one translation' : `${count} translations`}).`,
			retryable: true
		};
	return { ok: true, texts };
}

const TIMES = ['', 'once', 'twice', 'three times', 'four times', 'five times'];
const times = (n: number) => TIMES[n] ?? `${n} times`;

/** What the failed tries amount to: “LibreTranslate answered 500 three times.” */
function exhausted(name: string, failures: readonly string[], timeoutMs: number): string {
	const same = failures.every((f) => f === failures[0]);
	const describe = (f: string) =>
		f === 'timeout' ? `took longer than ${timeoutMs / 1000} s` : /^\d+$/.test(f) ? (f === '429' ? 'refused for too many requests (429)' : `answered ${f}`) : f;
	if (failures.length === 1) return `${name} ${describe(failures[0])}; try again later.`;
	if (same) return `${name} ${describe(failures[0])} ${times(failures.length)}; try again later.`;
	return `${name} failed ${times(failures.length)} (${failures.map(describe).join(', then ')}); try again later.`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
	return new Promise((resolve) => {
		if (signal?.aborted) return resolve(false);
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve(true);
		}, ms);
		const onAbort = () => {
			clearTimeout(timer);
			resolve(false);
		};
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}
