import { fileURLToPath } from 'node:url';
import { startCluster } from '../cluster.js';

startCluster({
	workers: Number(process.env.WORKERS),
	exec: fileURLToPath(new URL('./cluster-worker.js', import.meta.url)),
	onListening: () => console.log('listening')
});
