// The built app in a process of its own (scripts/serve.js, as `npm run serve` starts it), so a
// test can watch whether it exits, kill it, and read what it logged.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './postgres-server';

/** Builds the app into folders of its own (beside any other build); returns the build folder and a clean-up. */
export async function buildApp(name: string): Promise<{ buildDir: string; remove(): Promise<void> }> {
	const outDir = `.svelte-kit-${name}`;
	const buildDir = `build-${name}`;
	await promisify(execFile)(process.execPath, [path.resolve('node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], {
		env: { ...process.env, SVELTEKIT_OUT_DIR: outDir, BUILD_DIR: buildDir, NODE_ENV: 'production' },
		maxBuffer: 64 * 1024 * 1024
	});
	return {
		buildDir,
		remove: async () => {
			await rm(outDir, { recursive: true, force: true });
			await rm(buildDir, { recursive: true, force: true });
		}
	};
}

export interface AppProcess {
	child: ChildProcess;
	origin: string;
	output(): string;
	fetch(path: string, init?: RequestInit): Promise<Response>;
	/** Whether the process (for a cluster, its primary) has exited. */
	exited(): boolean;
	stop(): Promise<void>;
}

export async function startAppProcess(buildDir: string, env: Record<string, string | undefined>, port?: number): Promise<AppProcess> {
	port ??= await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [path.resolve('scripts/serve.js')], {
		env: { ...process.env, BUILD_DIR: buildDir, PORT: String(port), HOST: '127.0.0.1', ORIGIN: origin, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const exited = () => child.exitCode !== null || child.signalCode !== null;
	return {
		child,
		origin,
		output: () => output,
		fetch: (p, init) => fetch(new URL(p, origin), { redirect: 'manual', signal: AbortSignal.timeout(15_000), ...init }),
		exited,
		async stop() {
			if (exited()) return;
			const gone = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
			await gone;
			clearTimeout(timer);
		}
	};
}

/** A JSON API call to the process with a Bearer token. */
export function callApi(app: AppProcess, token: string, method: string, p: string, body?: unknown): Promise<Response> {
	return app.fetch(p, {
		method,
		headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
}

/** Polls `probe` until it returns a value; fails after `ms`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
	const deadline = Date.now() + ms;
	for (;;) {
		const value = await probe().catch(() => undefined);
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}
