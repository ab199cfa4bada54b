import type { JobKind } from './kind';
import { pretranslateJob } from '../pretranslate/job';
import { tmxImportJob } from '../tm/tmx-import-job';

/**
 * Every kind of job the app runs. Start-up creates each kind's queue and every process works
 * them; a kind that is not listed cannot be enqueued. A kind's module defines it with
 * `defineJob` and is added here.
 */
export const JOB_KINDS: readonly JobKind<never>[] = [pretranslateJob as JobKind<never>, tmxImportJob as JobKind<never>];
