import path from 'node:path';

// Read from process.env (not $env) so the CLI under tsx and the app share one configuration.
export interface DatabaseConfig {
	/** A postgres:// URL; when absent the embedded database is used. */
	url: string | null;
	/** Where the embedded database keeps its files; 'memory://' keeps nothing. */
	dataDir: string;
}

export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
	const url = env.DATABASE_URL?.trim() || null;
	const dataDir = env.DATA_DIR?.trim() || path.resolve('data', 'pglite');
	return { url, dataDir };
}
