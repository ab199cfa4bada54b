/**
 * The subscribers of bench/live.bench.ts, in a process of their own (it forks this file) so that
 * reading hundreds of event streams does not share an event loop with the saves being timed.
 * Each arrival is stamped with the system's monotonic clock, which the bench process reads too.
 */
import http from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { parseEvents } from '../src/lib/server/testing/sse';
import { monotonicMs } from './lib';

export type SubscriberCommand =
	/** Opens `count` streams spread evenly over `origins`; answered once each has had its first presence event. */
	| { kind: 'open'; origins: string[]; count: number; path: string; token: string }
	/** Answers once every open stream has had the segment event of each revision, or after `timeoutMs`. */
	| { kind: 'arrivals'; revisionIds: number[]; timeoutMs: number }
	/** From now on only counts segment events (reading them, not parsing them): for the throughput runs. */
	| { kind: 'count' }
	| { kind: 'counted' }
	| { kind: 'close' };

export type SubscriberReply =
	| { kind: 'opened'; ms: number; failures: string[] }
	/** Per stream: its origin's index, and the arrival time of each revision asked for (null: never came). */
	| { kind: 'arrivals'; streams: { origin: number; times: (number | null)[] }[] }
	| { kind: 'counted'; streams: { origin: number; events: number; open: boolean }[] }
	| { kind: 'closed' };

interface Stream {
	origin: number;
	request: http.ClientRequest;
	buffer: string;
	tail: Buffer;
	/** revision id → arrival time, while recording. */
	arrivals: Map<number, number>;
	events: number;
	open: boolean;
}

const MARKER = Buffer.from('\nevent: segment\n');
const streams: Stream[] = [];
let recording = true;
let changed = () => {};
// No pooling limit: every stream keeps its own socket for as long as it is open.
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

function send(reply: SubscriberReply): void {
	process.send!(reply);
}

function subscribe(origin: string, index: number, path: string, token: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const request = http.request(new URL(path, origin), { agent, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
		const stream: Stream = { origin: index, request, buffer: '', tail: Buffer.alloc(0), arrivals: new Map(), events: 0, open: true };
		streams.push(stream);
		const timer = setTimeout(() => reject(new Error(`no presence event from ${origin} within 60 s`)), 60_000);
		request.on('response', (res) => {
			if (res.statusCode !== 200) {
				reject(new Error(`${origin}: HTTP ${res.statusCode}`));
				res.resume();
				return;
			}
			const decoder = new StringDecoder('utf8');
			res.on('data', (chunk: Buffer) => {
				const at = monotonicMs();
				if (!recording) {
					// Only counted, on the bytes: the marker cannot hide in the data (JSON escapes line breaks); a marker split
					// between two chunks is found in the next with the tail kept from this one.
					const bytes = stream.tail.length ? Buffer.concat([stream.tail, chunk]) : chunk;
					for (let i = bytes.indexOf(MARKER); i >= 0; i = bytes.indexOf(MARKER, i + MARKER.length)) stream.events++;
					stream.tail = bytes.subarray(Math.max(0, bytes.length - MARKER.length + 1));
					return;
				}
				const { events, rest } = parseEvents(stream.buffer + decoder.write(chunk));
				stream.buffer = rest;
				for (const e of events) {
					if (e.event === 'presence') {
						clearTimeout(timer);
						resolve();
					}
					if (e.event !== 'segment') continue;
					stream.events++;
					for (const s of e.data.segments as { revisionId: number }[]) stream.arrivals.set(s.revisionId, at);
				}
				changed();
			});
			res.on('close', () => {
				stream.open = false;
				changed();
			});
		});
		request.on('error', (e) => {
			stream.open = false;
			reject(e);
		});
		request.end();
	});
}

async function open(command: Extract<SubscriberCommand, { kind: 'open' }>): Promise<void> {
	const started = monotonicMs();
	const results = await Promise.allSettled(
		Array.from({ length: command.count }, (_, i) =>
			subscribe(command.origins[i % command.origins.length], i % command.origins.length, command.path, command.token)
		)
	);
	const failures = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
	send({ kind: 'opened', ms: monotonicMs() - started, failures });
}

function arrivals(revisionIds: number[], timeoutMs: number): void {
	const complete = () => streams.every((s) => !s.open || revisionIds.every((id) => s.arrivals.has(id)));
	const answer = () => {
		changed = () => {};
		clearTimeout(timer);
		send({ kind: 'arrivals', streams: streams.map((s) => ({ origin: s.origin, times: revisionIds.map((id) => s.arrivals.get(id) ?? null) })) });
	};
	const timer = setTimeout(answer, timeoutMs);
	changed = () => {
		if (complete()) answer();
	};
	changed();
}

process.on('message', (command: SubscriberCommand) => {
	if (command.kind === 'open') void open(command);
	else if (command.kind === 'arrivals') arrivals(command.revisionIds, command.timeoutMs);
	else if (command.kind === 'count') {
		recording = false;
		for (const s of streams) s.events = 0;
	} else if (command.kind === 'counted') send({ kind: 'counted', streams: streams.map((s) => ({ origin: s.origin, events: s.events, open: s.open })) });
	else if (command.kind === 'close') {
		for (const s of streams) s.request.destroy();
		send({ kind: 'closed' });
	}
});
