// The keeper's program (dist/keeper.mjs): started by a command, detached, to keep an embedded database
// open between commands (src/db/keeper.ts). Arguments: the data folder, the idle time and the lock wait (ms).
import { runKeeper, type KeeperReport } from './db/keeper.js';
import { shutdown } from './db/shutdown.js';

const [dataDir = '', idle = '', wait = ''] = process.argv.slice(2);

// The command reads these lines until the database is open, then closes its end.
process.stdout.on('error', () => undefined);
const report = (message: KeeperReport) => void process.stdout.write(`${JSON.stringify(message)}\n`);

let ending = false;
const endWith = (code: number) => {
  if (ending) return;
  ending = true;
  void shutdown().finally(() => process.exit(code));
};
for (const [signal, number] of [
  ['SIGHUP', 1],
  ['SIGINT', 2],
  ['SIGTERM', 15],
] as const)
  process.on(signal, () => endWith(128 + number));
process.on('uncaughtException', () => endWith(1));
process.on('unhandledRejection', () => endWith(1));

const code = await runKeeper({ dataDir, idleMs: Number(idle), waitMs: Number(wait) }, report);
process.exit(code);
