import pg from 'pg';

/**
 * Decides which SQL texts run as named (server-side prepared) statements.
 *
 * Postgres plans every unnamed statement from scratch; for the joins on the save path planning
 * costs more than executing (0.5 ms of a 0.7 ms lookup, measured with bench/). A statement
 * that has run `threshold` times gets a name, so each connection parses and plans it once and
 * reuses the plan. Statements seen fewer times (one-off or built with a varying number of
 * values) stay unnamed, and the number of names is capped so server memory stays bounded.
 * This is pgJDBC's prepareThreshold/preparedStatementCacheQueries, applied below Kysely.
 */
export class StatementNames {
	readonly #seen = new Map<string, number>();
	readonly #names = new Map<string, string>();

	constructor(
		readonly threshold = 3,
		readonly maxNames = 500,
		/** Texts being counted; when full the counts start over rather than grow. */
		readonly maxCounted = 5_000
	) {}

	/** The statement's name, or undefined to send it unnamed this time. */
	nameFor(text: string): string | undefined {
		const named = this.#names.get(text);
		if (named) return named;
		if (this.#names.size >= this.maxNames) return undefined;
		const count = (this.#seen.get(text) ?? 0) + 1;
		if (count < this.threshold) {
			if (this.#seen.size >= this.maxCounted) this.#seen.clear();
			this.#seen.set(text, count);
			return undefined;
		}
		this.#seen.delete(text);
		// Names are never reused for another text: pg refuses a name bound to a different text.
		const name = `rdn_${this.#names.size + 1}`;
		this.#names.set(text, name);
		return name;
	}

	get size(): number {
		return this.#names.size;
	}
}

/** A pg.Client class whose parameterised text queries go through `names`. */
export function preparingClient(names: StatementNames): typeof pg.Client {
	class PreparingClient extends pg.Client {
		// pg's query() has many overloads; only (text, values) — how Kysely calls it — is rewritten.
		query(...args: unknown[]): never {
			const [text, values] = args;
			if (typeof text === 'string' && Array.isArray(values) && args.length === 2) {
				const name = names.nameFor(text);
				if (name) return super.query({ name, text, values } as never) as never;
			}
			return (super.query as (...a: unknown[]) => never)(...args);
		}
	}
	return PreparingClient as unknown as typeof pg.Client;
}
