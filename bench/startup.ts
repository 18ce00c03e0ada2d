// npm run bench (part 1): how fast accessctl starts, as a person runs it (whole processes of the built
// binary), each figure beside its target and the `node -e 0` floor measured in the same run.
// The machine may be shared: medians of several runs, and the load average printed with them.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startPgServer } from '../test/support/pg-server.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const BIN = path.join(root, 'bin', 'accessctl.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const SCREEN_RUNS = Number(process.env.BENCH_SCREEN_RUNS ?? 7);
const TIME = '/usr/bin/time'; // GNU time: the peak memory (maximum resident set) of the process.

if (!existsSync(path.join(root, 'dist', 'accessctl.mjs'))) spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });

// accessctl's own settings come from the options below, never from the bench's environment.
const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
delete env.DATABASE_URL;
delete env.ACCESSCTL_DATA_DIR;
delete env.ACCESSCTL_COMMAND_DIRS;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

interface Measured {
  wall: number;
  peakMb?: number;
}

/** Wall time (ms) and peak memory (MB) of one whole process; the output is checked, not shown. */
function measure([command, ...args]: string[]): Measured {
  const timed = existsSync(TIME);
  const argv = timed ? ['-f', '%M', command!, ...args] : args;
  const start = process.hrtime.bigint();
  const result = spawnSync(timed ? TIME : command!, argv, { env, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} failed (${result.status}): ${result.stderr}`);
  const kb = timed ? Number(result.stderr.trim().split('\n').pop()) : NaN;
  return { wall, peakMb: Number.isFinite(kb) ? kb / 1024 : undefined };
}

/** A command line, and what must be so before each of its runs (not measured). */
type Timed = string[] | { argv: string[]; before(): void };

/**
 * Medians of RUNS runs of each command, after one that warms the file cache. The commands take turns
 * run by run, so that a busy moment of a shared machine weighs on all of them, the floor included.
 */
function medians(commands: Timed[]): Measured[] {
  const once = (command: Timed) => {
    if (Array.isArray(command)) return measure(command);
    command.before();
    return measure(command.argv);
  };
  for (const command of commands) once(command);
  const runs = commands.map((): Measured[] => []);
  for (let i = 0; i < RUNS; i++) commands.forEach((command, k) => runs[k]!.push(once(command)));
  return runs.map((list) => {
    const peaks = list.map((r) => r.peakMb).filter((m): m is number => m !== undefined);
    return { wall: median(list.map((r) => r.wall)), peakMb: peaks.length ? median(peaks) : undefined };
  });
}

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
// A tmux server of the bench's own, kept up by an idle session: no other tmux user, and no server
// exiting between two measured sessions.
const TMUX_SERVER = ['-L', `accessctl-bench-${process.pid}`];
const tmux = (...args: string[]) => execFileSync('tmux', [...TMUX_SERVER, ...args], { encoding: 'utf8' });
const shell = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A person's view: tmux runs the command on an 80x24 terminal; the screen is read until each text
 * shows. Times are from the moment the process starts (bash records it just before exec'ing node), so
 * that tmux's own start does not count.
 */
async function timesOnScreen(argv: string[], texts: string[]): Promise<number[]> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'accessctl-bench-screen-'));
  const stamp = path.join(folder, 'started');
  const session = `accessctl-bench-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const script = `printf %s "$EPOCHREALTIME" > ${shell(stamp)}; exec ${argv.map(shell).join(' ')}`;
  const envArgs = [...['DATABASE_URL', 'ACCESSCTL_DATA_DIR', 'ACCESSCTL_COMMAND_DIRS', 'CI'].map((name) => `-u${name}`), 'NO_COLOR=1'];
  try {
    tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', 'env', ...envArgs, 'bash', '-c', script);
    const seen = texts.map(() => NaN);
    const deadline = Date.now() + 60_000;
    while (seen.some(Number.isNaN) && Date.now() < deadline) {
      const screen = tmux('capture-pane', '-p', '-t', session);
      const now = performance.timeOrigin + performance.now();
      texts.forEach((text, k) => {
        if (Number.isNaN(seen[k]!) && screen.includes(text)) seen[k] = now;
      });
    }
    const started = Number(readFileSync(stamp, 'utf8').replace(',', '.')) * 1000;
    return seen.map((at) => at - started);
  } finally {
    // q quits as a person would: the next run must not find the embedded database still held.
    spawnSync('tmux', [...TMUX_SERVER, 'send-keys', '-t', session, 'q']);
    const deadline = Date.now() + 10_000;
    while (spawnSync('tmux', [...TMUX_SERVER, 'has-session', '-t', session], { stdio: 'ignore' }).status === 0 && Date.now() < deadline);
    spawnSync('tmux', [...TMUX_SERVER, 'kill-session', '-t', session], { stdio: 'ignore' });
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Medians of SCREEN_RUNS runs of each command line, taking turns as medians() does. */
async function screenMedians(commands: { argv: string[]; texts: string[] }[]): Promise<number[][]> {
  for (const { argv, texts } of commands) await timesOnScreen(argv, texts);
  const runs = commands.map((): number[][] => []);
  for (let i = 0; i < SCREEN_RUNS; i++) for (const [k, { argv, texts }] of commands.entries()) runs[k]!.push(await timesOnScreen(argv, texts));
  return commands.map(({ texts }, k) => texts.map((_, t) => median(runs[k]!.map((r) => r[t]!))));
}

const rows: string[][] = [];
const row = (what: string, value: string, target: string) => rows.push([what, value, target]);
const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(0)} ms` : 'n/a');
const mb = (n?: number) => (n === undefined ? 'n/a' : `${n.toFixed(0)} MB`);
const times = (n: number, floor: number) => `${(n / floor).toFixed(1)}×`;

/** The keeper holding an embedded database open (its lock's holder), if any. */
function keeperOf(dataDir: string): number | undefined {
  try {
    return JSON.parse(readFileSync(`${dataDir}.lock`, 'utf8')).pid;
  } catch {
    return undefined;
  }
}

/** Closes an embedded database's keeper and waits until it has (its lock gone), so that the next command starts one. */
function closeKeeper(dataDir: string): void {
  const pid = keeperOf(dataDir);
  if (pid === undefined) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // Gone already.
  }
  while (existsSync(`${dataDir}.lock`)) spawnSync('sleep', ['0.02']);
}

/** The keeper's peak memory (VmHWM) while it has served the bench. */
function keeperPeakMb(dataDir: string): number | undefined {
  const pid = keeperOf(dataDir);
  const kb = pid && /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb ? Number(kb) / 1024 : undefined;
}

const loadBefore = load();
const server = await startPgServer();
const work = mkdtempSync(path.join(os.tmpdir(), 'accessctl-bench-'));
try {
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE bench');
  await admin.end();
  const url = server.adminUrl.replace(/\/postgres$/, '/bench');
  // The keeper's folder (a command leaves it open for the next), one a keeper closes before each
  // command (the first command of a while), and one used with ACCESSCTL_KEEP_OPEN=0 (and by PGlite alone).
  const dataDir = path.join(work, 'data');
  const firstDir = path.join(work, 'first');
  const closedDir = path.join(work, 'closed');
  const accessctl = (...args: string[]) => [process.execPath, BIN, ...args];
  const closing = (...args: string[]) => ['/usr/bin/env', 'ACCESSCTL_KEEP_OPEN=0', process.execPath, BIN, ...args];
  const idempotent = ['manage_user', 'lister', 'lister@example.com', '-g', 'g1', '--staff', '--yes'];
  for (const where of [
    ['--database-url', url],
    ['--data-dir', dataDir],
    ['--data-dir', firstDir],
  ]) {
    for (const args of [['migrate'], ['manage_group', 'g1', '--yes'], idempotent]) measure(accessctl(...args, ...where));
  }
  for (const args of [['migrate'], ['manage_group', 'g1', '--yes'], idempotent]) measure(closing(...args, '--data-dir', closedDir));

  const pgliteAlone = [process.execPath, path.join(root, 'bench', 'pglite-alone.mjs'), closedDir, path.join(root, 'dist', 'pglite.wasm')];
  const [floor, pglite, help, embedded, embeddedCheck, first, closed, onServer, serverCheck] = medians([
    [process.execPath, '-e', '0'],
    pgliteAlone,
    accessctl('help'),
    accessctl(...idempotent, '--data-dir', dataDir),
    accessctl('check', '--data-dir', dataDir),
    { argv: accessctl(...idempotent, '--data-dir', firstDir), before: () => closeKeeper(firstDir) },
    closing(...idempotent, '--data-dir', closedDir),
    accessctl(...idempotent, '--database-url', url),
    accessctl('check', '--database-url', url),
  ]) as Measured[] as [Measured, Measured, Measured, Measured, Measured, Measured, Measured, Measured, Measured];
  row('node -e 0 (the floor)', `${ms(floor.wall)}, ${mb(floor.peakMb)}`, '');
  row('PGlite alone: open, SELECT 1, close (no accessctl code)', `${ms(pglite.wall)} = ${times(pglite.wall, floor.wall)}, ${mb(pglite.peakMb)}`, '');
  row('accessctl help (Node and accessctl loading)', ms(help.wall), '');
  row('embedded: manage_user, no changes (a new process)', `${ms(embedded.wall)} = ${times(embedded.wall, floor.wall)}`, `≤ 6× the floor = ${ms(6 * floor.wall)}`);
  row('embedded: its peak memory', mb(embedded.peakMb), '≤ 250 MB');
  row('embedded: check', ms(embeddedCheck.wall), '');
  row("embedded: the keeper's peak memory", mb(keeperPeakMb(dataDir)), '');
  row('embedded: the first command, which starts the keeper', `${ms(first.wall)} = ${times(first.wall, floor.wall)}, ${mb(first.peakMb)}`, '');
  row('embedded: ACCESSCTL_KEEP_OPEN=0 (PGlite in the process)', `${ms(closed.wall)} = ${times(closed.wall, floor.wall)}, ${mb(closed.peakMb)}`, '');
  row(
    'server: manage_user, no changes',
    `${ms(onServer.wall)} = ${times(onServer.wall, floor.wall)}, ${mb(onServer.peakMb)}`,
    'where it was or better (0.18 s before issue 14)',
  );
  row('server: check', ms(serverCheck.wall), '');

  if (hasTmux) {
    tmux('new-session', '-d', '-s', 'idle', 'sleep 3600');
    const [[floorPaint], [embeddedPaint, embeddedLists], [serverPaint, serverLists]] = (await screenMedians([
      { argv: [process.execPath, '-e', "process.stdout.write('ready'); process.stdin.setRawMode(true).once('data', () => process.exit())"], texts: ['ready'] },
      { argv: accessctl('--data-dir', dataDir), texts: ['opening the embedded database', 'lister'] },
      { argv: accessctl('--database-url', url), texts: ['connecting to the database server', 'lister'] },
    ])) as [number[], number[], number[]];
    row('screen: node prints a word (the floor)', ms(floorPaint!), '');
    row('console, embedded: first screen', ms(embeddedPaint!), '≤ 100 ms');
    row('console, embedded: lists usable', ms(embeddedLists!), '≤ 1000 ms');
    row('console, server: first screen', ms(serverPaint!), '≤ 100 ms');
    row('console, server: lists usable', ms(serverLists!), '');
  } else row('console', 'not measured: no tmux', '');

  console.log(`\nStart-up: whole processes of the built binary; medians of ${RUNS} runs (terminal: ${SCREEN_RUNS}).`);
  console.log(`${os.cpus().length} cores, Node ${process.version}; load average ${loadBefore} before, ${load()} after.\n`);
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(`${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padStart(widths[1]!)}  ${r[2]}`);
} finally {
  if (hasTmux) spawnSync('tmux', [...TMUX_SERVER, 'kill-server']);
  for (const folder of ['data', 'first']) closeKeeper(path.join(work, folder));
  server.stop();
  rmSync(work, { recursive: true, force: true });
}
