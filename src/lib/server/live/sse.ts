// Server-sent events on the wire (the WHATWG HTML standard's text/event-stream): each event is
// encoded once and the same bytes go to every subscriber of the document.

const encoder = new TextEncoder();

export interface WireEvent {
	/** Stored events have their row's id, which the browser sends back as Last-Event-ID. */
	id?: number;
	event: string;
	data: unknown;
}

export function encodeEvent(e: WireEvent): Uint8Array {
	// JSON.stringify escapes every line break, so the data is one `data:` line.
	return encoder.encode(`${e.id === undefined ? '' : `id: ${e.id}\n`}event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
}

/** A comment line: keeps proxies from closing an idle stream, and lets the server notice a dead client. */
export const PING = encoder.encode(': ping\n\n');

/** How long the browser waits before reconnecting after the stream ends. */
export const RETRY = (ms: number) => encoder.encode(`retry: ${ms}\n\n`);

/** Where a subscriber's bytes go: the response stream of one request. */
export interface Sink {
	write(bytes: Uint8Array): boolean;
	close(): void;
}

/** Chunks a slow reader may leave queued before it is dropped (it reconnects and replays what it missed). */
const MAX_QUEUED_CHUNKS = 2_000;

/**
 * A text/event-stream response. `open` registers the subscriber with the sink and returns how
 * to unregister it, which runs when the client goes away, the server drops it, or either ends.
 */
export function eventStream(open: (sink: Sink) => () => void): Response {
	let close: (() => void) | null = null;
	let ended = false;
	const stream = new ReadableStream<Uint8Array>(
		{
			start(controller) {
				const finish = () => {
					if (ended) return;
					ended = true;
					close?.();
					try {
						controller.close();
					} catch {
						// Already closed or errored by the client's going away.
					}
				};
				const sink: Sink = {
					write(bytes) {
						if (ended) return false;
						if ((controller.desiredSize ?? 0) < -MAX_QUEUED_CHUNKS) {
							finish();
							return false;
						}
						controller.enqueue(bytes);
						return true;
					},
					close: finish
				};
				close = open(sink);
				if (ended) close();
			},
			cancel() {
				if (ended) return;
				ended = true;
				close?.();
			}
		},
		new CountQueuingStrategy({ highWaterMark: 16 })
	);
	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store, no-transform',
			// nginx buffers responses unless told otherwise, which would hold events back.
			'x-accel-buffering': 'no'
		}
	});
}
