import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import type { JobJson } from '../api';
import { JobPoll, pollDelay, progressText } from './job-progress.svelte';

const job = (over: Partial<JobJson>): JobJson => ({
	id: 7,
	kind: 'pretranslate',
	projectId: 1,
	documentId: 2,
	state: 'running',
	done: 0,
	total: 1000,
	errors: [],
	errorCount: 0,
	createdAt: '2026-12-03T10:00:00.000Z',
	...over
});

function setUp(answers: (JobJson | Error)[]) {
	const waits: number[] = [];
	const pending: (() => void)[] = [];
	const finished: JobJson[] = [];
	const poll = new JobPoll(7, {
		load: async () => {
			const next = answers.shift()!;
			if (next instanceof Error) throw next;
			return next;
		},
		onFinished: (j) => finished.push(j),
		schedule: (run, ms) => {
			waits.push(ms);
			pending.push(run);
			return () => pending.splice(pending.indexOf(run), 1);
		}
	});
	const tick = async () => {
		await new Promise((resolve) => setTimeout(resolve, 0));
		flushSync();
	};
	const next = async () => {
		pending.shift()?.();
		await tick();
	};
	return { poll, waits, pending, finished, tick, next };
}

describe('JobPoll', () => {
	it('polls with growing pauses until the job is done, then says so once and stops', async () => {
		const { poll, waits, pending, finished, tick, next } = setUp([job({ state: 'queued' }), job({ done: 412 }), job({ state: 'done', done: 1000 })]);
		poll.start();
		await tick();
		expect(poll.job?.state).toBe('queued');
		await next();
		expect(poll.job?.done).toBe(412);
		await next();
		expect(poll.finished).toBe(true);
		expect(finished.map((j) => j.state)).toEqual(['done']);
		expect(pending).toEqual([]);
		expect(waits).toEqual([pollDelay(0), pollDelay(1)]);
		expect(pollDelay(1)).toBeGreaterThan(pollDelay(0));
		expect(pollDelay(50)).toBe(10_000);
	});

	it('keeps trying after a failed poll, and stops for good when told', async () => {
		const { poll, pending, finished, tick, next } = setUp([new Error('The server could not be reached.'), job({ done: 3 }), job({ done: 4 })]);
		poll.start();
		await tick();
		expect(poll.problem).toBe('The server could not be reached.');
		await next();
		expect(poll.problem).toBeNull();
		expect(poll.job?.done).toBe(3);
		poll.stop();
		expect(pending).toEqual([]);
		expect(finished).toEqual([]);
	});
});

describe('progressText', () => {
	it('counts with thousands separators, and without a total until it is known', () => {
		expect(progressText(412, 1000, 'segments')).toBe('412 of 1,000 segments');
		expect(progressText(12, null, 'units')).toBe('12 units');
	});
});
