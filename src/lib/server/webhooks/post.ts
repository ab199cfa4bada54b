import dns, { type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { refusal, refuseWithoutLookup, type TargetPolicy } from '../../webhooks/targets';

export interface PostOutcome {
	/** The response's HTTP status; null when there was none. */
	status: number | null;
	error: string | null;
}

export class TargetRefused extends Error {}

type Resolve = (hostname: string, options: dns.LookupAllOptions, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/**
 * Resolves like dns.lookup but hands the connection only addresses the policy allows. Checking
 * here, where the socket connects, rather than before the request, leaves no gap for a name that
 * resolves to a public address for the check and to a private one for the connection (DNS
 * rebinding): the addresses judged are the addresses connected to.
 */
export function guardedLookup(policy: TargetPolicy, resolve: Resolve = dns.lookup): LookupFunction {
	return (hostname, options, callback) => {
		resolve(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
			if (err) return callback(err, '', 0);
			const allowed = addresses.filter((a) => refusal(policy, hostname, a.address) === null);
			if (allowed.length === 0) {
				const why = addresses.length ? refusal(policy, hostname, addresses[0].address) : `${hostname} has no address.`;
				return callback(new TargetRefused(why ?? ''), '', 0);
			}
			// Node asks for all addresses when it races IPv4 and IPv6 (autoSelectFamily).
			if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
			else callback(null, allowed[0].address, allowed[0].family);
		});
	};
}

/**
 * POSTs `body` and reports the status or what went wrong. Redirects are answers, not followed
 * (following one could reach an address nobody registered); the response body is not read.
 */
export function postWebhook(url: URL, headers: Record<string, string>, body: string, timeoutMs: number, policy: TargetPolicy): Promise<PostOutcome> {
	// Node connects to an address literal without a lookup, so the hook below never sees it.
	const refused = refuseWithoutLookup(policy, url);
	if (refused) return Promise.resolve({ status: null, error: refused });
	return new Promise((resolve) => {
		const client = url.protocol === 'https:' ? https : http;
		const req = client.request(url, {
			method: 'POST',
			headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
			lookup: guardedLookup(policy),
			// A fresh connection each time: deliveries are rare and go to many hosts.
			agent: false
		});
		const timer = setTimeout(() => {
			resolve({ status: null, error: `No response within ${timeoutMs / 1000} s.` });
			req.destroy();
		}, timeoutMs);
		req.on('response', (res) => {
			clearTimeout(timer);
			res.resume();
			resolve({ status: res.statusCode ?? null, error: null });
		});
		req.on('error', (e) => {
			clearTimeout(timer);
			resolve({ status: null, error: describeFailure(e) });
		});
		req.end(body);
	});
}

function describeFailure(e: Error): string {
	if (e instanceof TargetRefused) return e.message;
	// Racing IPv4 and IPv6, Node reports every failed address at once; the first says enough.
	const first = e instanceof AggregateError && e.errors[0] instanceof Error ? e.errors[0] : e;
	const code = (first as { code?: string }).code;
	const message = first.message || code || 'The connection failed.';
	return code && !message.includes(code) ? `${code}: ${message}` : message;
}
