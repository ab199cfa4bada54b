import type { JobJson } from '../api';

// How the workspace words a finished pre-translation, from its job's record.

const segments = (n: number) => `${n} ${n === 1 ? 'segment' : 'segments'}`;

/** "Pre-translation finished: filled 2 segments from the translation memory and 1 by DeepL; 1 segment could not be filled." */
export function pretranslationOutcome(job: Pick<JobJson, 'state' | 'result' | 'errorCount'>, engineName: string | null): string {
	if (job.state === 'cancelled') return 'Pre-translation cancelled; what it had filled stays.';
	if (job.state === 'failed') return 'Pre-translation stopped; what it had filled stays.';
	const result = (job.result ?? {}) as { tm?: unknown; mt?: unknown };
	const tm = typeof result.tm === 'number' ? result.tm : 0;
	const mt = typeof result.mt === 'number' ? result.mt : 0;
	const parts: string[] = [];
	if (tm) parts.push(`${segments(tm)} from the translation memory`);
	if (mt) parts.push(`${parts.length ? mt : segments(mt)} by ${engineName ?? 'machine translation'}`);
	const failed = job.errorCount ? `; ${segments(job.errorCount)} could not be filled` : '';
	return `Pre-translation finished: ${parts.length ? `filled ${parts.join(' and ')}` : 'no segment filled'}${failed}.`;
}
