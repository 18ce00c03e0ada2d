// `npm run stress`: the built CLI under concurrency, kill -9 and hostile input, on a PostgreSQL 15
// server it starts and on embedded databases. Prints the figures; exits non-zero if any is wrong.
// Sizes: STRESS_PROCESSES (20), STRESS_ROUNDS (3), STRESS_KILLS_SERVER (10), STRESS_KILLS_EMBEDDED (3), STRESS_USERS (10000).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startPgServer, type PgServer } from '../test/support/pg-server.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const BIN = path.join(root, 'bin', 'accessctl.js');
if (!existsSync(path.join(root, 'dist', 'accessctl.mjs'))) {
  console.error('dist/accessctl.mjs is missing: run `npm run build` first (stress tests what ships)');
  process.exit(1);
}
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const PROCESSES = env('STRESS_PROCESSES', 20);
const ROUNDS = env('STRESS_ROUNDS', 3);
const KILLS_SERVER = env('STRESS_KILLS_SERVER', 10);
const KILLS_EMBEDDED = env('STRESS_KILLS_EMBEDDED', 3);
const USERS = env('STRESS_USERS', 10_000);

const work = mkdtempSync(path.join(os.tmpdir(), 'accessctl-stress-'));
let failures = 0;
const report = (ok: boolean, line: string) => {
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${line}`);
};

interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The process that has an embedded database open: its keeper (the folder's lock names it). */
function keeperOf(options: string[]): number | undefined {
  try {
    return JSON.parse(readFileSync(`${options[options.indexOf('--data-dir') + 1]}.lock`, 'utf8')).pid;
  } catch {
    return undefined;
  }
}

function cli(args: string[], options: { input?: string; killAfterMs?: number; killKeeper?: boolean } = {}): Promise<Result> {
  return new Promise((resolve) => {
    const cleanEnv: NodeJS.ProcessEnv = { ...process.env, CI: 'true' };
    delete cleanEnv.DATABASE_URL;
    const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(options.input ?? '');
    const kill = () => {
      if (!options.killKeeper) return child.kill('SIGKILL');
      const keeper = keeperOf(args);
      if (keeper !== undefined && keeper !== child.pid) process.kill(keeper, 'SIGKILL');
    };
    if (options.killAfterMs !== undefined) setTimeout(kill, options.killAfterMs);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

let databases = 0;
async function newServerDatabase(server: PgServer): Promise<string[]> {
  const name = `stress_${process.pid}_${databases++}`;
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const options = ['--database-url', server.adminUrl.replace(/\/postgres$/, `/${name}`)];
  const migrated = await cli(['migrate', ...options]);
  if (migrated.code !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
  return options;
}

async function newEmbeddedDatabase(): Promise<string[]> {
  const options = ['--data-dir', path.join(mkdtempSync(path.join(work, 'embedded-')), 'data')];
  const migrated = await cli(['migrate', ...options]);
  if (migrated.code !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
  return options;
}

const exported = async (options: string[]) => {
  const result = await cli(['export', '--format', 'json', ...options]);
  if (result.code !== 0) throw new Error(`export failed: ${result.stderr}`);
  return result.stdout;
};

/** N processes × rounds: the same group and each its own user; then the same commands one by one on a new database. */
async function concurrency(server: PgServer): Promise<void> {
  const options = await newServerDatabase(server);
  const commandsOf = (i: number, round: number) => [
    ['manage_permission', 'stress:thing:edit_thing', '--yes'],
    ['manage_group', 'shared', '-p', 'stress:thing:edit_thing', '--yes'],
    ['manage_group', `team_${i % 4}`, '--yes'],
    ['manage_user', `user_${i}`, `user_${i}@example.com`, '-g', 'shared', `team_${i % 4}`, ...(round % 2 ? ['--staff'] : []), '--yes'],
    ['manage_user', 'same_user', 'same@example.com', '-g', 'shared', '--yes'],
  ];
  let errors = 0;
  let runs = 0;
  const started = Date.now();
  for (let round = 0; round < ROUNDS; round++) {
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, async (_, i) => {
        const out: Result[] = [];
        for (const command of commandsOf(i, round)) out.push(await cli([...command, ...options]));
        return out;
      }),
    );
    for (const result of results.flat()) {
      runs++;
      if (result.code !== 0) {
        errors++;
        if (errors <= 3) console.log(`     error: ${result.stderr.trim().split('\n').pop()}`);
      }
    }
  }
  const serial = await newServerDatabase(server);
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < PROCESSES; i++) for (const command of commandsOf(i, round)) await cli([...command, ...serial]);
  }
  const same = (await exported(options)) === (await exported(serial));
  report(
    errors === 0 && same,
    `concurrency: ${PROCESSES} processes × ${ROUNDS} rounds (${runs} commands, same and different users/groups) in ${((Date.now() - started) / 1000).toFixed(1)} s: ${errors} errors; final state ${same ? 'equals' : 'DIFFERS from'} a serial replay`,
  );
}

/**
 * kill -9 at random points of a big apply (of the command, or of the keeper that has the embedded
 * database open): the state is always all before or all after.
 */
async function kills(kind: 'server' | 'embedded' | 'embedded, its keeper', trials: number, make: () => Promise<string[]>): Promise<void> {
  const users = Object.fromEntries(Array.from({ length: USERS }, (_, i) => [`k_${i}`, { email: `k_${i}@example.com`, groups: ['kill_group'] }]));
  const file = path.join(work, `kill-${USERS}.json`);
  writeFileSync(file, JSON.stringify({ groups: { kill_group: [] }, users }));
  const options = await make();
  const empty = await exported(options);
  // How long a whole apply takes here, to spread the kills over it.
  const timing = await make();
  const t0 = Date.now();
  const whole = await cli(['apply', '-f', file, '--yes', ...timing]);
  const full = Date.now() - t0;
  if (whole.code !== 0) throw new Error(`apply failed: ${whole.stderr}`);
  const after = await exported(timing);
  let half = 0;
  let before = 0;
  let applied = 0;
  for (let trial = 0; trial < trials; trial++) {
    const delay = Math.floor(Math.random() * full);
    await cli(['apply', '-f', file, '--yes', ...options], { killAfterMs: delay, killKeeper: kind === 'embedded, its keeper' });
    const state = await exported(options);
    if (state === empty) before++;
    else if (state === after) applied++;
    else {
      half++;
      // What a half-applied state holds, for the report: how many users, groups and memberships.
      const document = JSON.parse(state);
      const users = Object.values(document.users ?? {}) as { groups?: string[] }[];
      console.log(
        `  half-applied after a kill at ${delay} ms: ${users.length} users, ${Object.keys(document.groups ?? {}).length} groups, ${users.reduce((n, u) => n + (u.groups?.length ?? 0), 0)} memberships`,
      );
    }
    if (state !== empty) {
      // Back to the start for the next trial (and proof that the next run works).
      const reset = await cli(['apply', '-f', '-', '--prune', '--max-removals', String(USERS + 1), '--yes', ...options], { input: '{"users": {}, "groups": {}}' });
      if (reset.code !== 0) throw new Error(`reset failed: ${reset.stderr}`);
    }
  }
  const next = await cli(['apply', '-f', file, '--yes', ...options]);
  report(
    half === 0 && next.code === 0,
    `kill -9 (${kind}): ${trials} kills at random points of a ${USERS.toLocaleString('en')}-user apply (${(full / 1000).toFixed(1)} s whole): ${before} before, ${applied} after, ${half} half-applied; the next run ${next.code === 0 ? 'succeeds' : 'FAILS'}`,
  );
}

/** Hostile inputs by category through the built CLI: each must be refused cleanly and change nothing. */
async function hostile(server: PgServer): Promise<void> {
  const options = await newServerDatabase(server);
  await cli(['manage_group', 'keep', '--yes', ...options]);
  await cli(['manage_user', 'keeper', 'keeper@example.com', '-g', 'keep', '--yes', ...options]);
  const before = await exported(options);
  const write = (name: string, content: string | Buffer) => {
    const file = path.join(work, name);
    writeFileSync(file, content);
    return file;
  };
  const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`bad user ${i}`, { email: i }]));
  const categories: Record<string, string[][]> = {
    'empty or keyless files with --prune': ['', '{}', 'null', 'users:\n', '# nothing\n'].map((text, i) => [
      'apply',
      '-f',
      write(`empty${i}.yaml`, text),
      '--prune',
      '--prune-superusers',
      '--yes',
    ]),
    'invalid UTF-8, lone surrogates, NUL': [
      Buffer.from([0x67, 0x72, 0x6f, 0x75, 0x70, 0x73, 0x3a, 0x20, 0xff]),
      Buffer.from('{"groups": {"a\\ud800": []}}'),
      Buffer.from('{"groups": {"a\\u0000": []}}'),
      Buffer.from([0xed, 0xa0, 0x80]),
    ].map((bytes, i) => ['apply', '-f', write(`enc${i}.json`, bytes), '--yes']),
    'binary files and devices': [
      ['apply', '-f', '/dev/zero', '--yes'],
      ['apply', '-f', process.execPath, '--yes'],
      ['apply', '-f', write('random.bin', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))), '--yes'],
    ],
    'deep nesting': [10_000, 100_000, 1_000_000].map((n) => ['apply', '-f', write(`deep${n}.json`, `{"users": ${'['.repeat(n)}${']'.repeat(n)}}`), '--yes']),
    'oversized files': [['apply', '-f', write('big.json', `{"users": {}, "x": "${'a'.repeat(2 * 1024 * 1024)}"}`), '--max-file-size', '1M', '--yes']],
    'many problems (50,000 bad entries)': [['apply', '-f', write('bad50k.json', JSON.stringify({ users: many(50_000) })), '--yes']],
    'prototype keys with bad values': ['__proto__', 'constructor', 'toString', 'hasOwnProperty'].map((name) => [
      'apply',
      '-f',
      write(`proto-${name}.json`, `{"users": {"${name}": {"email": 5}}}`),
      '--yes',
    ]),
    'bad command arguments': [
      ['manage_user', 'a b', 'x@example.com', '--yes'],
      ['manage_user', 'x'.repeat(100_000), 'x@example.com', '--yes'],
      ['manage_group', 'g\ufffd', '--yes'],
      ['manage_group', '', '--yes'],
      ['manage_group', 'g', '-p', 'not-a-permission', '--yes'],
      ['manage_permission', 'a:b', '--yes'],
      ['manage_permission', 'a:b:c', '--name', 'x'.repeat(300), '--yes'],
      ['apply', '-f', write('ok.yaml', 'groups: {}\n'), '--prune', '--max-removals', '-1', '--yes'],
    ],
  };
  for (const [category, inputs] of Object.entries(categories)) {
    let crashes = 0;
    let slowest = 0;
    for (const args of inputs) {
      const t0 = Date.now();
      const result = await cli([...args, ...options]);
      slowest = Math.max(slowest, Date.now() - t0);
      const lines = result.stderr.trim().split('\n');
      const clean =
        (result.code === 1 || result.code === 2) && !/This is a bug|\n\s+at /.test(result.stderr) && lines.every((line) => line.length <= 2000) && lines.length <= 102;
      if (!clean) {
        crashes++;
        console.log(`     ${category}: exit ${result.code} ${result.signal ?? ''}: ${result.stderr.slice(0, 300)}`);
      }
    }
    const changed = (await exported(options)) !== before;
    report(
      crashes === 0 && !changed,
      `hostile input, ${category}: ${inputs.length} tried, ${crashes} crashes, ${changed ? 'CHANGES' : '0 changes'} (slowest ${(slowest / 1000).toFixed(1)} s)`,
    );
  }
}

const server = await startPgServer();
try {
  console.log(`accessctl stress on PostgreSQL (port ${server.port}) and embedded databases, built CLI ${BIN}`);
  await concurrency(server);
  await kills('server', KILLS_SERVER, () => newServerDatabase(server));
  await kills('embedded', KILLS_EMBEDDED, newEmbeddedDatabase);
  await kills('embedded, its keeper', KILLS_EMBEDDED, newEmbeddedDatabase);
  await hostile(server);
} finally {
  server.stop();
}
console.log(failures ? `${failures} check(s) FAILED` : 'all checks passed');
process.exit(failures ? 1 : 0);
