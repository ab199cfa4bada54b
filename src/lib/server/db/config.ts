import path from 'node:path';
import { DEFAULT_ALLOWED_HOSTS, parseTargetPolicy, type PolicyPurpose, type TargetPolicy } from '../../webhooks/targets';

const MT_PURPOSE: PolicyPurpose = { sends: 'machine translation requests', setting: 'MT_ALLOWED_HOSTS' };

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

let targetPolicy: { text: string; policy: TargetPolicy } | null = null;

/** Where webhooks may be sent (WEBHOOK_ALLOWED_HOSTS, see docs/webhooks.md); throws on an unreadable value. */
export function webhookTargetPolicy(env: NodeJS.ProcessEnv = process.env): TargetPolicy {
	const text = env.WEBHOOK_ALLOWED_HOSTS?.trim() || DEFAULT_ALLOWED_HOSTS;
	if (targetPolicy?.text !== text) targetPolicy = { text, policy: parseTargetPolicy(text) };
	return targetPolicy.policy;
}

let mtPolicy: { text: string; policy: TargetPolicy } | null = null;

/**
 * Where MT engines may be reached (MT_ALLOWED_HOSTS, same vocabulary as WEBHOOK_ALLOWED_HOSTS).
 * Anything by default: only a server administrator configures an engine, and the usual one for a
 * newsroom that keeps text in-house runs on this machine or its network (Ollama at localhost).
 */
export function mtTargetPolicy(env: NodeJS.ProcessEnv = process.env): TargetPolicy {
	const text = env.MT_ALLOWED_HOSTS?.trim() || '*';
	if (mtPolicy?.text !== text) mtPolicy = { text, policy: parseTargetPolicy(text, MT_PURPOSE) };
	return mtPolicy.policy;
}
