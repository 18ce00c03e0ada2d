// npm run bench: whole-process wall time (median of several runs) of accessctl commands on a real
// PostgreSQL server and on the embedded database, beside `node -e 0`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startPgServer } from '../test/support/pg-server.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const BIN = path.join(root, 'bin', 'accessctl.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

if (!existsSync(path.join(root, 'dist', 'accessctl.js'))) spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });

function timeIt(label: string, [command, ...args]: [string, ...string[]], env: NodeJS.ProcessEnv = {}): { label: string; median: number; min: number } {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { env: { ...process.env, ...env }, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${label} failed (${result.status}): ${result.stderr}`);
    if (i > 0) times.push(ms); // the first run warms the OS file cache
  }
  times.sort((a, b) => a - b);
  return { label, median: times[Math.floor(times.length / 2)] ?? NaN, min: times[0] ?? NaN };
}

const accessctl = (...args: string[]): [string, ...string[]] => [process.execPath, BIN, ...args];
const env = { DATABASE_URL: '', ACCESSCTL_DATA_DIR: '', NO_COLOR: '1' };

const server = await startPgServer();
try {
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE bench');
  await admin.end();
  const url = server.adminUrl.replace(/\/postgres$/, '/bench');
  const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'accessctl-bench-')), 'data');
  const idempotent = ['manage_user', 'u1', 'u1@example.com', '-g', 'g1', '--staff', '--yes'];
  for (const where of [
    ['--database-url', url],
    ['--data-dir', dataDir],
  ]) {
    for (const args of [['migrate'], ['manage_group', 'g1', '--yes'], idempotent]) {
      const r = spawnSync(process.execPath, [BIN, ...args, ...where], { env: { ...process.env, ...env }, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
    }
  }
  const rows = [
    timeIt('node -e 0', [process.execPath, '-e', '0']),
    timeIt('accessctl help', accessctl('help'), env),
    timeIt('accessctl check (server)', accessctl('check', '--database-url', url), env),
    timeIt('accessctl check (embedded)', accessctl('check', '--data-dir', dataDir), env),
    timeIt('accessctl manage_user … --yes, no changes (server)', accessctl(...idempotent, '--database-url', url), env),
    timeIt('accessctl manage_user … --yes, no changes (embedded)', accessctl(...idempotent, '--data-dir', dataDir), env),
  ];
  console.log(`\nWhole-process wall time, ${RUNS} runs each (${os.cpus().length} cores, Node ${process.version}):\n`);
  console.log(`${'command'.padEnd(56)} ${'median'.padStart(9)} ${'min'.padStart(9)}`);
  for (const row of rows) console.log(`${row.label.padEnd(56)} ${row.median.toFixed(1).padStart(7)}ms ${row.min.toFixed(1).padStart(7)}ms`);
} finally {
  server.stop();
}
