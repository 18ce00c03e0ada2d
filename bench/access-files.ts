// npm run bench (part 2): access files on a real server and on the embedded database.
// Whole-process wall time and peak memory of `accessctl apply` (first and again) and `export`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { stringify } from 'yaml';
import { startPgServer } from '../test/support/pg-server.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const BIN = path.join(root, 'bin', 'accessctl.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'accessctl-bench-files-'));
const SIZES = (process.env.BENCH_USERS ?? '1000,100000').split(',').map(Number);

/** `users` users, each in 3 of `groups` groups of `perGroup` permissions (a catalogue the file defines). */
function policy(users: number, groups: number, perGroup: number) {
  const models: Record<string, Record<string, string>> = {};
  const groupPerms: Record<string, string[]> = {};
  for (let g = 0; g < groups; g++) {
    models[`model${g}`] = Object.fromEntries(Array.from({ length: perGroup }, (_, i) => [`perm${g}_${i}`, `Can do ${i} on model ${g}`]));
    groupPerms[`group${g}`] = Array.from({ length: perGroup }, (_, i) => `bench:model${g}:perm${g}_${i}`);
  }
  const userMap: Record<string, object> = {};
  for (let u = 0; u < users; u++) {
    userMap[`user${u}`] = {
      email: `user${u}@example.com`,
      staff: u % 50 === 0,
      superuser: false,
      active: true,
      groups: [`group${u % groups}`, `group${(u + 7) % groups}`, `group${(u + 13) % groups}`],
      permissions: [],
    };
  }
  return { permissions: { bench: models }, groups: groupPerms, users: userMap };
}

interface Measure {
  seconds: number;
  peakMb: number;
}

function measure(args: string[]): Measure {
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`accessctl ${args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  const peakKb = Number(r.stderr.trim().split('\n').pop());
  return { seconds, peakMb: peakKb / 1024 };
}

const rows: string[] = [];
const report = (label: string, m: Measure) => {
  const line = `${label.padEnd(64)} ${m.seconds.toFixed(2).padStart(7)} s ${m.peakMb.toFixed(0).padStart(6)} MB`;
  rows.push(line);
  console.log(line);
};

const server = await startPgServer();
try {
  let n = 0;
  const newDatabase = async () => {
    const name = `bench_files_${n++}`;
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = server.adminUrl.replace(/\/postgres$/, `/${name}`);
    measure(['migrate', '--database-url', url]);
    return ['--database-url', url];
  };
  for (const users of SIZES) {
    const big = users >= 10000;
    const doc = big ? policy(users, 200, 20) : policy(users, 20, 5);
    const jsonFile = path.join(work, `policy-${users}.json`);
    writeFileSync(jsonFile, JSON.stringify(doc));
    const files: [string, string][] = [['json', jsonFile]];
    if (!big) {
      const yamlFile = path.join(work, `policy-${users}.yaml`);
      writeFileSync(yamlFile, stringify(doc));
      files.push(['yaml', yamlFile]);
    }
    const shape = big ? `${users} users in 3 of 200 groups of 20 permissions` : `${users} users in 3 of 20 groups`;
    for (const [format, file] of files) {
      const db = await newDatabase();
      report(`server   ${shape}, ${format}: first apply`, measure(['apply', '-f', file, '--yes', ...db]));
      report(`server   ${shape}, ${format}: apply again (no changes)`, measure(['apply', '-f', file, '--yes', ...db]));
      report(`server   ${shape}: export --format ${format}`, measure(['export', '--format', format, '-o', path.join(work, `export-${users}.${format}`), ...db]));
      if (!big) {
        const embedded = ['--data-dir', path.join(work, `embedded-${users}-${format}`)];
        measure(['migrate', ...embedded]);
        report(`embedded ${shape}, ${format}: first apply`, measure(['apply', '-f', file, '--yes', ...embedded]));
        report(`embedded ${shape}, ${format}: apply again (no changes)`, measure(['apply', '-f', file, '--yes', ...embedded]));
      }
    }
  }
} finally {
  server.stop();
}
