import http from 'node:http';
import type { AddressInfo } from 'node:net';

// Local servers speaking each MT provider's documented HTTP protocol (DeepL v2 /v2/translate,
// LibreTranslate /translate, OpenAI-style /v1/chat/completions), for tests only. They translate
// by a small zh→en word table (anything else is upper-cased), keep every tag where it was, and
// can be told to fail the ways real engines do. No imports from the app: the Playwright specs
// start them too.

export type MtTestProvider = 'deepl' | 'libretranslate' | 'openai';

export type FailureMode =
	/** Answers properly. */
	| 'none'
	/** Never answers. */
	| 'timeout'
	/** 429 with Retry-After. */
	| 'rate_limit'
	| 'server_error'
	/** Answers 200 with the tags mangled: closing tags dropped, an attribute invented. */
	| 'garbled'
	/** 403 as for a wrong key, whatever key was sent. */
	| 'wrong_key';

export interface ReceivedRequest {
	path: string;
	headers: http.IncomingHttpHeaders;
	body: unknown;
}

export interface MtTestServer {
	provider: MtTestProvider;
	/** The base URL an engine is configured with. */
	url: string;
	/** The key requests must carry; null: none needed. */
	apiKey: string | null;
	mode: FailureMode;
	/** How many requests fail in `mode` before the server answers properly again. */
	failures: number;
	retryAfterSeconds: number;
	requests: ReceivedRequest[];
	/** Sets a failure mode for the next `times` requests (all of them by default). */
	fail(mode: FailureMode, times?: number): void;
	close(): Promise<void>;
}

const WORDS: [string, string][] = [
	['夏粮丰收', 'a bumper summer grain harvest'],
	['新华社', 'Xinhua'],
	['新华网', 'Xinhuanet'],
	['黑龙江', 'Heilongjiang'],
	['千万工程', 'Ten Million Project'],
	['报道', ' reports'],
	['今年', ' this year '],
	['详见', ' See '],
	['加粗', 'bold'],
	['斜体', 'italic'],
	['结束', 'end'],
	['第一段', 'First paragraph'],
	['第二段', 'Second paragraph'],
	['，', ', '],
	['。', '.'],
	['：', ': ']
];

/** The fake translation of text between tags: known words replaced, the rest upper-cased. */
export function fakeTranslate(text: string): string {
	let out = '';
	for (let i = 0; i < text.length;) {
		const word = WORDS.find(([zh]) => text.startsWith(zh, i));
		if (word) {
			out += word[1];
			i += word[0].length;
		} else {
			out += text[i].toUpperCase();
			i++;
		}
	}
	return out.replace(/ {2,}/g, ' ');
}

// A test engine, not the app: splitting on tags by pattern is what a fake may do.
const TAG = /(<[^<>]*>)/;

function translateKeepingTags(text: string): string {
	return text
		.split(TAG)
		.map((part) => (TAG.test(part) ? part : fakeTranslate(part)))
		.join('');
}

function garble(text: string): string {
	return translateKeepingTags(text)
		.replace(/<\/[^<>]*>/g, '')
		.replace(/<(a|b|i|g\d+)( |>)/, '<$1 data-engine="yes"$2');
}

const KEY_OF: Record<MtTestProvider, (req: http.IncomingMessage, body: Record<string, unknown>) => string | null> = {
	deepl: (req) => /^DeepL-Auth-Key (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? null,
	libretranslate: (_req, body) => (typeof body.api_key === 'string' ? body.api_key : null),
	openai: (req) => /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? null
};

const PATHS: Record<MtTestProvider, string> = { deepl: '/v2/translate', libretranslate: '/translate', openai: '/v1/chat/completions' };

function answer(provider: MtTestProvider, body: Record<string, unknown>, translate: (text: string) => string): { status: number; json: unknown } {
	if (provider === 'deepl') {
		if (!Array.isArray(body.text) || typeof body.target_lang !== 'string') return { status: 400, json: { message: 'Parameter text or target_lang missing.' } };
		return { status: 200, json: { translations: body.text.map((t) => ({ detected_source_language: 'ZH', text: translate(String(t)) })) } };
	}
	if (provider === 'libretranslate') {
		if (body.q === undefined || typeof body.target !== 'string') return { status: 400, json: { error: 'Invalid request: missing q or target parameter' } };
		return { status: 200, json: { translatedText: Array.isArray(body.q) ? body.q.map((q) => translate(String(q))) : translate(String(body.q)) } };
	}
	const messages = Array.isArray(body.messages) ? (body.messages as { role?: string; content?: unknown }[]) : [];
	const user = messages.findLast((m) => m.role === 'user');
	if (typeof body.model !== 'string' || !body.model || typeof user?.content !== 'string')
		return { status: 400, json: { error: { message: 'model and messages are required' } } };
	return {
		status: 200,
		json: {
			id: 'chatcmpl-test',
			object: 'chat.completion',
			model: body.model,
			choices: [{ index: 0, message: { role: 'assistant', content: translate(user.content) }, finish_reason: 'stop' }]
		}
	};
}

function refusal(provider: MtTestProvider, status: number): unknown {
	const text = status === 403 ? 'Invalid API key' : status === 429 ? 'Too many requests' : 'Internal server error';
	return provider === 'deepl' ? { message: text } : provider === 'libretranslate' ? { error: text } : { error: { message: text } };
}

/** Starts a server for `provider` on a random local port. */
export async function startMtServer(provider: MtTestProvider, options: { apiKey?: string | null } = {}): Promise<MtTestServer> {
	const state: MtTestServer = {
		provider,
		url: '',
		apiKey: options.apiKey ?? null,
		mode: 'none',
		failures: 0,
		retryAfterSeconds: 1,
		requests: [],
		fail(mode, times = Infinity) {
			state.mode = mode;
			state.failures = times;
		},
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
	const server = http.createServer(async (req, res) => {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		let body: Record<string, unknown>;
		try {
			body = JSON.parse(Buffer.concat(chunks).toString('utf8')) ?? {};
		} catch {
			body = {};
		}
		state.requests.push({ path: req.url ?? '', headers: req.headers, body });
		const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
			res.writeHead(status, { 'content-type': 'application/json', ...headers });
			res.end(JSON.stringify(json));
		};
		if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== PATHS[provider]) return send(404, refusal(provider, 404));
		const mode = state.failures > 0 ? state.mode : 'none';
		if (mode !== 'none') state.failures--;
		if (mode === 'timeout') return; // the socket stays open until the client gives up
		if (mode === 'rate_limit') return send(429, refusal(provider, 429), { 'retry-after': String(state.retryAfterSeconds) });
		if (mode === 'server_error') return send(500, refusal(provider, 500));
		if (mode === 'wrong_key' || (state.apiKey !== null && KEY_OF[provider](req, body) !== state.apiKey)) return send(403, refusal(provider, 403));
		const { status, json } = answer(provider, body, mode === 'garbled' ? garble : translateKeepingTags);
		send(status, json);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	state.url = `http://127.0.0.1:${port}${provider === 'openai' ? '/v1' : ''}`;
	return state;
}
