import http from 'node:http';
import https from 'node:https';
import { refuseWithoutLookup, type TargetPolicy } from '../../webhooks/targets';
import { guardedLookup, TargetRefused } from '../webhooks/post';

// One JSON POST to an engine: bounded in time and size, connected only where the MT address
// policy allows (checked on the resolved address, as webhooks are), redirects not followed.

/** No engine answer for a batch of segments comes near this. */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

export type PostResult =
	| { kind: 'answer'; status: number; json: unknown; retryAfterSeconds: number | null }
	| { kind: 'timeout' }
	| { kind: 'aborted' }
	| { kind: 'refused'; message: string }
	| { kind: 'network'; message: string };

export interface PostOptions {
	headers: Record<string, string>;
	body: unknown;
	timeoutMs: number;
	signal?: AbortSignal;
	policy: TargetPolicy;
}

export function postJson(url: URL, options: PostOptions): Promise<PostResult> {
	const refused = refuseWithoutLookup(options.policy, url);
	if (refused) return Promise.resolve({ kind: 'refused', message: refused });
	if (options.signal?.aborted) return Promise.resolve({ kind: 'aborted' });
	const payload = JSON.stringify(options.body);
	return new Promise((resolve) => {
		let settled = false;
		const finish = (result: PostResult) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			options.signal?.removeEventListener('abort', onAbort);
			resolve(result);
			req.destroy();
		};
		const client = url.protocol === 'https:' ? https : http;
		const req = client.request(url, {
			method: 'POST',
			headers: { ...options.headers, 'content-type': 'application/json', accept: 'application/json', 'content-length': String(Buffer.byteLength(payload)) },
			lookup: guardedLookup(options.policy)
		});
		const timer = setTimeout(() => finish({ kind: 'timeout' }), options.timeoutMs);
		const onAbort = () => finish({ kind: 'aborted' });
		options.signal?.addEventListener('abort', onAbort, { once: true });
		req.on('response', (res) => {
			const chunks: Buffer[] = [];
			let size = 0;
			res.on('data', (chunk: Buffer) => {
				size += chunk.length;
				if (size > MAX_ANSWER_BYTES) finish({ kind: 'network', message: `The answer was larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB.` });
				else chunks.push(chunk);
			});
			res.on('end', () => {
				finish({
					kind: 'answer',
					status: res.statusCode ?? 0,
					json: parseJson(Buffer.concat(chunks)),
					retryAfterSeconds: retryAfter(res.headers['retry-after'])
				});
			});
			res.on('error', (e) => finish({ kind: 'network', message: e.message }));
		});
		req.on('error', (e) => finish(e instanceof TargetRefused ? { kind: 'refused', message: e.message } : { kind: 'network', message: describe(e) }));
		req.end(payload);
	});
}

/** The answer's JSON; null when it is none (a proxy's HTML error page, an empty body). */
function parseJson(bytes: Buffer): unknown {
	try {
		return JSON.parse(bytes.toString('utf8'));
	} catch {
		return null;
	}
}

/** Retry-After as seconds: a number of them, or an HTTP date. */
export function retryAfter(header: string | string[] | undefined): number | null {
	const value = Array.isArray(header) ? header[0] : header;
	if (!value) return null;
	if (/^\d+$/.test(value.trim())) return Number(value.trim());
	const date = Date.parse(value);
	return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function describe(e: Error): string {
	const first = e instanceof AggregateError && e.errors[0] instanceof Error ? e.errors[0] : e;
	const code = (first as { code?: string }).code;
	const message = first.message || code || 'the connection failed';
	return code && !message.includes(code) ? `${code}: ${message}` : message;
}
