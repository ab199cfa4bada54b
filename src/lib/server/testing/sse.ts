import type { Sink } from '../live/sse';

// Reading event streams in tests: a sink that parses what the hub writes, and a reader of a real
// HTTP response, both by the text/event-stream rules a browser follows.

export interface ParsedEvent {
	id: number | null;
	event: string;
	data: Record<string, unknown>;
}

/** Splits a stream's text into events; returns the complete ones and the incomplete rest. */
export function parseEvents(text: string): { events: ParsedEvent[]; rest: string } {
	const blocks = text.split('\n\n');
	const rest = blocks.pop() ?? '';
	const events: ParsedEvent[] = [];
	for (const block of blocks) {
		let id: number | null = null;
		let event = 'message';
		const data: string[] = [];
		for (const line of block.split('\n')) {
			if (line.startsWith(':')) continue;
			const at = line.indexOf(':');
			const field = at < 0 ? line : line.slice(0, at);
			const value = at < 0 ? '' : line.slice(at + 1).replace(/^ /, '');
			if (field === 'id') id = Number(value);
			else if (field === 'event') event = value;
			else if (field === 'data') data.push(value);
		}
		if (data.length > 0) events.push({ id, event, data: JSON.parse(data.join('\n')) });
	}
	return { events, rest };
}

export interface CollectingSink extends Sink {
	events: ParsedEvent[];
	closed: boolean;
	/** Resolves with the first event (seen or to come) that `match` accepts. */
	next(match: (e: ParsedEvent) => boolean, ms?: number): Promise<ParsedEvent>;
}

export function collectingSink(): CollectingSink {
	const decoder = new TextDecoder();
	let buffer = '';
	const waiters = new Set<() => void>();
	const sink: CollectingSink = {
		events: [],
		closed: false,
		write(bytes) {
			if (sink.closed) return false;
			const { events, rest } = parseEvents(buffer + decoder.decode(bytes, { stream: true }));
			buffer = rest;
			sink.events.push(...events);
			for (const wake of waiters) wake();
			return true;
		},
		close() {
			sink.closed = true;
			for (const wake of waiters) wake();
		},
		next(match, ms = 5_000) {
			return new Promise((resolve, reject) => {
				const check = () => {
					const found = sink.events.find(match);
					if (found) {
						done();
						resolve(found);
					}
				};
				const timer = setTimeout(() => {
					done();
					reject(new Error(`No such event within ${ms} ms; got: ${sink.events.map((e) => `${e.event}#${e.id ?? ''}`).join(', ') || 'nothing'}`));
				}, ms);
				const done = () => {
					clearTimeout(timer);
					waiters.delete(check);
				};
				waiters.add(check);
				check();
			});
		}
	};
	return sink;
}

/** Reads a text/event-stream response as it arrives. */
export function readEventStream(response: Response): CollectingSink & { cancel(): Promise<void> } {
	const sink = collectingSink();
	const reader = response.body!.getReader();
	void (async () => {
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				sink.write(value);
			}
		} catch {
			// Cancelled, or the server went away: the stream is over either way.
		}
		sink.close();
	})();
	return Object.assign(sink, { cancel: () => reader.cancel().catch(() => undefined) });
}
