import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';
const durable = process.argv[3] === 'durable';
class DurableNodeFS extends NodeFS {
  async init(pg, opts) {
    const r = await super.init(pg, opts);
    r.emscriptenOpts.preRun = [...r.emscriptenOpts.preRun, (m) => {
      const NODEFS = m.NODEFS;
      NODEFS.stream_ops.fsync = (stream) => NODEFS.tryFSOperation(() => { calls++; fs.fsyncSync(stream.nfd); });
    }];
    return r;
  }
}
let calls = 0;
const dir = process.argv[2];
fs.mkdirSync(dir, { recursive: true });
const t0 = Date.now();
const db = durable
  ? await PGlite.create({ fs: new DurableNodeFS(dir), startParams: [...PGlite.defaultStartParams.filter((p) => p !== '-F'), '-c', 'wal_sync_method=fsync'] })
  : await PGlite.create(dir);
console.log('open', Date.now() - t0, 'ms; fsyncs', calls, (await db.query('show fsync')).rows[0], (await db.query('show wal_sync_method')).rows[0]);
await db.exec('create table if not exists t (id serial primary key, v text)');
calls = 0;
const N = 300, t1 = performance.now();
for (let i = 0; i < N; i++) await db.transaction(async (tx) => { await tx.query('insert into t (v) values ($1)', ['x' + i]); await tx.query('select count(*) from t'); });
console.log('per commit', ((performance.now() - t1) / N).toFixed(2), 'ms; fsyncs per commit', calls / N);
await db.close();
