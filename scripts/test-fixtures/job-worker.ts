// A process that only runs jobs (restart-job.ts's kind) on DATABASE_URL or DATA_DIR, as an app
// process's worker does, until it is stopped (SIGTERM) or killed.
import { databaseConfigFromEnv } from '../../src/lib/server/db/config';
import { openDatabase } from '../../src/lib/server/db/db';
import { JobWorker } from '../../src/lib/server/jobs/worker';
import { restartJob } from './restart-job';

const handle = await openDatabase(databaseConfigFromEnv());
const worker = new JobWorker(handle, { kinds: [restartJob], pollIntervalMs: 100, maintenanceIntervalSeconds: 1, watchIntervalMs: 200 });
await worker.start();
console.log('worker started');
process.once('SIGTERM', () => {
	void worker
		.stop()
		.then(() => handle.close())
		.then(() => process.exit(0));
});
