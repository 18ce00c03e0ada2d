// npm run bench (part 2): access files on a real server and on the embedded database.
// Whole-process wall time (median of BENCH_FILE_RUNS runs, default 7 for 1,000 users and 3 for
// 100,000) and peak memory (the highest of the runs) of `accessctl apply` (first and again),
// `export` and `check`, each figure beside its target (issue 14) and the floors measured in the
// same run: psql reading the same state, with its own process start. What is compared (JSON and
// YAML, a re-apply and the SQL floor) runs in turns, so that the load of a shared machine weighs on
// both alike. BENCH_USERS=1000 runs the small policy only.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
const runsFor = (users: number) => Number(process.env.BENCH_FILE_RUNS ?? (users >= 10000 ? 3 : 7));
// The database is named on each command line, never by the environment.
const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
delete env.DATABASE_URL;
delete env.ACCESSCTL_DATA_DIR;

if (!existsSync(path.join(root, 'dist', 'accessctl.mjs'))) spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });

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

/** One whole process: wall time and peak resident memory (GNU time's %M). */
function once(command: string, args: string[]): Measure {
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, env });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  return { seconds, peakMb: Number(r.stderr.trim().split('\n').pop()) / 1024 };
}

/** The median time and the highest peak of some runs. */
function summary(all: Measure[]): Measure {
  const times = all.map((m) => m.seconds).sort((a, b) => a - b);
  return { seconds: times[Math.floor(times.length / 2)]!, peakMb: Math.max(...all.map((m) => m.peakMb)) };
}

/** `runs` rounds of every task, each round running them one after another: medians and peaks by task. */
function turns<K extends string>(runs: number, tasks: Record<K, (run: number) => Measure>): Record<K, Measure> {
  const all = Object.fromEntries(Object.keys(tasks).map((name) => [name, [] as Measure[]])) as Record<K, Measure[]>;
  for (let run = 0; run < runs; run++) for (const name of Object.keys(tasks) as K[]) all[name].push(tasks[name](run));
  return Object.fromEntries((Object.keys(all) as K[]).map((name) => [name, summary(all[name])])) as Record<K, Measure>;
}

const accessctl = (...args: string[]) => once(process.execPath, [BIN, ...args]);

const lines: string[] = [];
const say = (line: string) => {
  lines.push(line);
  console.log(line);
};
const figure = (label: string, m: Measure, target = '') =>
  say(`${label.padEnd(62)} ${m.seconds.toFixed(2).padStart(6)} s ${m.peakMb.toFixed(0).padStart(5)} MB   ${target}`);
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
const ratio = (label: string, value: number, limit: number, what: string) =>
  say(`${label.padEnd(62)} ${value.toFixed(2).padStart(6)} ×            target ≤ ${limit}× ${what}: ${verdict(value <= limit)}`);

say(
  `Access files: medians, peaks of the runs (${os.cpus().length} cores, Node ${process.version}); load before: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

const server = await startPgServer();
const psql = path.join(server.bin, 'psql');
try {
  let n = 0;
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  const databases: string[] = [];
  /** A new migrated database on the server. */
  const newDatabase = async () => {
    const name = `bench_files_${n++}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const url = server.adminUrl.replace(/\/postgres$/, `/${name}`);
    databases.push(url);
    accessctl('migrate', '--database-url', url);
    return url;
  };
  const dropDatabase = async (url: string) => {
    databases.splice(databases.indexOf(url), 1);
    await admin.query(`DROP DATABASE ${new URL(url).pathname.slice(1)}`);
  };
  const dropDatabases = async () => {
    for (const url of [...databases]) await dropDatabase(url);
  };
  // The SQL floor: psql (its own process start) reading what a re-apply compares: every user with
  // flags, groups and permissions, every group with its permissions, and the permission catalogue.
  const floorSql = `SELECT (SELECT json_agg(json_build_object('u', u.username, 'e', u.email, 's', u.is_staff, 'x', u.is_superuser, 'a', u.is_active,
      'g', (SELECT json_agg(g.name) FROM auth_user_groups ug JOIN auth_group g ON g.id = ug.group_id WHERE ug.user_id = u.id),
      'p', (SELECT json_agg(up.permission_id) FROM auth_user_user_permissions up WHERE up.user_id = u.id))) FROM auth_user u),
    (SELECT json_agg(json_build_object('g', g.name, 'p', (SELECT json_agg(ct.app_label || ':' || ct.model || ':' || p.codename)
      FROM auth_group_permissions gp JOIN auth_permission p ON p.id = gp.permission_id JOIN django_content_type ct ON ct.id = p.content_type_id
      WHERE gp.group_id = g.id))) FROM auth_group g),
    (SELECT json_agg(json_build_object('c', ct.app_label || '.' || ct.model, 'p', p.codename, 'n', p.name))
      FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id)`;

  for (const users of SIZES) {
    const big = users >= 10000;
    const RUNS = runsFor(users);
    const doc = big ? policy(users, 200, 20) : policy(users, 20, 5);
    const shape = big ? `${users} users, 3 of 200 groups of 20 perms` : `${users} users, 3 of 20 groups`;
    const files = { json: path.join(work, `policy-${users}.json`), yaml: path.join(work, `policy-${users}.yaml`) };
    writeFileSync(files.json, JSON.stringify(doc));
    writeFileSync(files.yaml, stringify(doc));
    say(`\n${shape} (YAML ${(Buffer.byteLength(stringify(doc)) / 1e6).toFixed(1)} MB, ${RUNS} runs each)`);
    // First applies, each on a new database, JSON and YAML in turns.
    const fresh = { json: [] as string[], yaml: [] as string[] };
    for (let i = 0; i < RUNS; i++) for (const format of ['json', 'yaml'] as const) fresh[format].push(await newDatabase());
    const first = turns(RUNS, {
      json: (run) => accessctl('apply', '-f', files.json, '--yes', '--database-url', fresh.json[run]!),
      yaml: (run) => accessctl('apply', '-f', files.yaml, '--yes', '--database-url', fresh.yaml[run]!),
    });
    // Both files hold the same policy: one database serves every later figure.
    const url = fresh.json[0]!;
    for (const other of [...fresh.json.slice(1), ...fresh.yaml]) await dropDatabase(other);
    const again = turns(RUNS, {
      json: () => accessctl('apply', '-f', files.json, '--yes', '--database-url', url),
      yaml: () => accessctl('apply', '-f', files.yaml, '--yes', '--database-url', url),
      floor: () => once(psql, ['-X', '-A', '-t', '-o', '/dev/null', '-c', floorSql, url]),
    });
    const exported = turns(RUNS, {
      json: () => accessctl('export', '--format', 'json', '-o', path.join(work, `export-${users}.json`), '--database-url', url),
      yaml: () => accessctl('export', '--format', 'yaml', '-o', path.join(work, `export-${users}.yaml`), '--database-url', url),
    });
    for (const format of ['json', 'yaml'] as const) {
      figure(`server   ${format}: first apply`, first[format], big ? `target ≤ 500 MB: ${verdict(first[format].peakMb <= 500)}` : '');
      figure(`server   ${format}: apply again (no changes)`, again[format]);
      figure(`server   export --format ${format}`, exported[format], big ? `target ≤ 2 s: ${verdict(exported[format].seconds <= 2)}` : '');
    }
    if (!big) {
      const dirs = { json: [] as string[], yaml: [] as string[] };
      for (let i = 0; i < RUNS; i++) {
        for (const format of ['json', 'yaml'] as const) {
          const dir = path.join(work, `embedded-${users}-${format}-${i}`);
          accessctl('migrate', '--data-dir', dir);
          dirs[format].push(dir);
        }
      }
      const embeddedFirst = turns(RUNS, {
        json: (run) => accessctl('apply', '-f', files.json, '--yes', '--data-dir', dirs.json[run]!),
        yaml: (run) => accessctl('apply', '-f', files.yaml, '--yes', '--data-dir', dirs.yaml[run]!),
      });
      const embeddedAgain = turns(RUNS, {
        json: () => accessctl('apply', '-f', files.json, '--yes', '--data-dir', dirs.json[0]!),
        yaml: () => accessctl('apply', '-f', files.yaml, '--yes', '--data-dir', dirs.json[0]!),
      });
      for (const format of ['json', 'yaml'] as const) {
        figure(`embedded ${format}: first apply`, embeddedFirst[format]);
        figure(`embedded ${format}: apply again (no changes)`, embeddedAgain[format]);
      }
      for (const dir of [...dirs.json, ...dirs.yaml]) rmSync(dir, { recursive: true, force: true });
    }
    figure('SQL floor: psql reading the same state', again.floor);
    if (!big) ratio('server yaml apply again / SQL floor', again.yaml.seconds / again.floor.seconds, 4, 'the SQL floor');
    ratio('server yaml / json, first apply', first.yaml.seconds / first.json.seconds, 1.3, 'JSON');
    ratio('server yaml / json, apply again', again.yaml.seconds / again.json.seconds, 1.3, 'JSON');
    if (big) {
      const idempotent = ['manage_user', 'user1', 'user1@example.com', '-g', 'group1', 'group8', 'group14', '--yes', '--database-url', url];
      const compared = turns(Math.max(RUNS, 5), { check: () => accessctl('check', '--database-url', url), manage: () => accessctl(...idempotent) });
      figure('server   check', compared.check);
      figure('server   manage_user, no changes', compared.manage);
      ratio('server check / manage_user', compared.check.seconds / compared.manage.seconds, 1.5, 'an idempotent manage_user');
    }
    await dropDatabases();
  }
  await admin.end();
  say(
    `\nload after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  server.stop();
  rmSync(work, { recursive: true, force: true });
}
