import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { migrationsFromModules, type MigrationSet } from '../src/lib/server/db/migrate';

/** Loads migrations from disk; works under tsx, which can import .ts files. */
export async function loadMigrations(dir = path.resolve('migrations')): Promise<MigrationSet> {
	const modules: Record<string, unknown> = {};
	for (const file of (await readdir(dir)).filter((f) => /\.ts$/.test(f)).sort()) {
		modules[file] = await import(pathToFileURL(path.join(dir, file)).href);
	}
	return migrationsFromModules(modules);
}
