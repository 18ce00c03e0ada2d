// The embedded database's own floor, for bench/startup.ts: one process that opens PGlite on a data
// folder as accessctl does (the same compiled WebAssembly, V8 flag and start parameters), runs one
// query and closes it, with none of accessctl's own code.
import { readFile } from 'node:fs/promises';
import v8 from 'node:v8';
/* global WebAssembly */

const [dataDir, wasm] = process.argv.slice(2);
v8.setFlagsFromString('--liftoff-only');
const compiling = readFile(wasm).then((bytes) => WebAssembly.compile(bytes));
const { PGlite } = await import('@electric-sql/pglite');
const db = await PGlite.create({
  dataDir,
  startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=4MB'],
  pgliteWasmModule: await compiling,
});
await db.query('SELECT 1');
await db.close();
