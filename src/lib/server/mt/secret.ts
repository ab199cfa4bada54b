import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { databaseConfigFromEnv } from '../db/config';
import { currentDatabase } from '../db/db';
import { DomainError } from '../errors';

// Engines' API keys are stored encrypted (AES-256-GCM) under a key derived from the server's
// secret, so a copy of the database alone (a backup, a dump shared for debugging) does not hand
// out the keys. Where the secret comes from:
//  - RENDITION_SECRET, when set: the operator's, shared by every process that runs the app.
//  - Embedded database: a random secret made once and kept beside the data folder (mode 0600).
//    One process uses that database, so one file serves it; a copy of ./data with this file is a
//    full backup, one without it loses only the keys.
//  - Postgres without RENDITION_SECRET: none. Several processes on other machines may share the
//    database, and a secret each made for itself would leave the others unable to decrypt; a file
//    beside one of them would be a secret nobody chose to deploy. Keys are refused with the reason,
//    and engines that need none (a local Ollama) still work.

const MIN_SECRET_CHARS = 32;
const AAD = Buffer.from('rendition mt api key v1');

export type ServerSecret = { ok: true; key: Buffer } | { ok: false; reason: string };

const slot = globalThis as typeof globalThis & { __renditionMtSecret?: Map<string, Buffer> };
const cache = (slot.__renditionMtSecret ??= new Map());

const derive = (secret: string | Buffer) => Buffer.from(hkdfSync('sha256', secret, 'rendition', 'mt api keys', 32));

/** The key engines' API keys are encrypted with, or why this server has none. */
export function serverSecret(env: NodeJS.ProcessEnv = process.env): ServerSecret {
	const configured = env.RENDITION_SECRET?.trim();
	if (configured) {
		if (configured.length < MIN_SECRET_CHARS) {
			return { ok: false, reason: `RENDITION_SECRET is too short: use at least ${MIN_SECRET_CHARS} random characters (openssl rand -base64 32).` };
		}
		return { ok: true, key: derive(configured) };
	}
	if (currentDatabase()?.kind === 'postgres' || databaseConfigFromEnv(env).url) {
		return {
			ok: false,
			reason:
				'Set RENDITION_SECRET (the same value for every app process) to store API keys: with DATABASE_URL several processes share the database, and each must be able to decrypt them.'
		};
	}
	const { dataDir } = databaseConfigFromEnv(env);
	const cached = cache.get(dataDir);
	if (cached) return { ok: true, key: cached };
	// An in-memory database keeps nothing either: its secret lives as long as the process.
	const key = dataDir.startsWith('memory://') ? randomBytes(32) : derive(secretFile(path.join(path.dirname(path.resolve(dataDir)), 'rendition-secret')));
	cache.set(dataDir, key);
	return { ok: true, key };
}

/** The secret in `file`, made on first use; `wx` so two starts at once cannot write two. */
function secretFile(file: string): Buffer {
	try {
		return readFileSync(file);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
	}
	mkdirSync(path.dirname(file), { recursive: true });
	try {
		writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
	}
	return readFileSync(file);
}

function requireKey(): Buffer {
	const secret = serverSecret();
	if (!secret.ok) throw new DomainError('invalid', secret.reason, 'apiKey');
	return secret.key;
}

/** `v1.` and base64url of IV, tag and ciphertext. */
export function encryptApiKey(plain: string, key: Buffer = requireKey()): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', key, iv);
	cipher.setAAD(AAD);
	const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
	return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** The key in clear, or null when this server's secret cannot open it (the secret changed, or there is none). */
export function decryptApiKey(stored: string): string | null {
	const secret = serverSecret();
	if (!secret.ok || !stored.startsWith('v1.')) return null;
	const raw = Buffer.from(stored.slice(3), 'base64url');
	if (raw.length < 29) return null;
	try {
		const decipher = createDecipheriv('aes-256-gcm', secret.key, raw.subarray(0, 12));
		decipher.setAAD(AAD);
		decipher.setAuthTag(raw.subarray(12, 28));
		return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
	} catch {
		return null;
	}
}
