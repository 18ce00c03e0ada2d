import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { lockIsHeld, processStartTime } from '../src/db/lock.js';
import { tooOpen } from './support/modes.js';
import { BIN, hasTmux, Terminal } from './support/tmux.js';
import { cleanEnv, dumpAuth, embeddedTarget, run, sql } from './support/targets.js';
import { tempFolder } from './support/temp-folders.js';

const SLOW = { timeout: 240_000 };

const runProcess = (args: string[], shellPrefix = '', env: NodeJS.ProcessEnv = {}) =>
  promisify(execFile)('sh', ['-c', `${shellPrefix}exec "$0" "$@"`, process.execPath, BIN, ...args], { env: cleanEnv(env) }).then(
    (r) => ({ code: 0, stderr: r.stderr }),
    (e) => ({ code: e.code as number, stderr: e.stderr as string }),
  );

/** Socket folders in the temporary folder that serve this data folder. */
const socketDirsOf = (dataDir: string, tmp = os.tmpdir()) =>
  readdirSync(tmp)
    .filter((name) => name.startsWith('accessctl-'))
    .filter((name) => {
      try {
        return readFileSync(path.join(tmp, name, 'data-dir'), 'utf8') === dataDir;
      } catch {
        return false;
      }
    });

describe('the embedded data folder is private whatever the umask', () => {
  it.each(['0', '1'])(
    'is created 0700 with 0600 files under umask 000, and a folder made too open is repaired (the real binary, ACCESSCTL_KEEP_OPEN=%s)',
    async (keepOpen) => {
      const parent = tempFolder('accessctl-private-');
      const dataDir = path.join(parent, 'data');
      const env = { ACCESSCTL_KEEP_OPEN: keepOpen };
      // Closed by the command (0), or by its keeper once idle (1): what closes it makes the files private again.
      const closed = async () => {
        if (keepOpen !== '0') await keeperEnded(dataDir);
      };
      const first = await runProcess(['manage_group', 'g', '--yes', '--data-dir', dataDir], 'umask 000; ', env);
      expect(first.code).toBe(0);
      expect(lstatSync(dataDir).mode & 0o777).toBe(0o700);
      await closed();
      expect(tooOpen(dataDir)).toEqual([]);
      chmodSync(dataDir, 0o777);
      chmodSync(path.join(dataDir, 'postgresql.conf'), 0o666);
      const again = await runProcess(['manage_group', 'h', '--yes', '--data-dir', dataDir], 'umask 000; ', env);
      expect(again.code).toBe(0);
      expect(lstatSync(dataDir).mode & 0o777).toBe(0o700);
      await closed();
      expect(tooOpen(dataDir)).toEqual([]);
      expect(socketDirsOf(dataDir)).toEqual([]);
    },
    240_000,
  );
});

/** Waits until no process holds the folder's lock (its keeper closed it): the lock file's absence is the proof. */
async function keeperEnded(dataDir: string): Promise<void> {
  for (const deadline = Date.now() + 60_000; existsSync(`${dataDir}.lock`);) {
    if (Date.now() > deadline) throw new Error('the keeper never closed the database');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the embedded lock', () => {
  let holder: Database | undefined;
  afterEach(async () => {
    await holder?.close();
    holder = undefined;
  });

  it('a lock held by a zombie (a killed keeper nobody reaps: PID 1 of a container without an init) does not block', SLOW, async () => {
    const t = await embeddedTarget('migrated');
    // The inner sleep is the child of a process that never waits for it: a zombie once it ends.
    const parent = spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 120']);
    try {
      const zombie = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (chunk) => resolve(String(chunk).trim()))));
      const state = () => {
        const stat = readFileSync(`/proc/${zombie}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      };
      for (const deadline = Date.now() + 30_000; state() !== 'Z';) {
        if (Date.now() > deadline) throw new Error('no zombie');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      writeFileSync(`${t.dataDir}.lock`, JSON.stringify({ pid: zombie, token: 'x', started: processStartTime(zombie), keeper: true }));
      expect(lockIsHeld(`${t.dataDir}.lock`)).toBe(false);
      expect((await run(t, ['manage_group', 'after-the-zombie', '--yes'])).code).toBe(0);
    } finally {
      parent.kill();
    }
  });

  it('an empty lock (its writer ran out of space, or is writing it) holds for 2 s, then not', async () => {
    const t = await embeddedTarget('migrated');
    const lock = `${t.dataDir}.session.lock`;
    writeFileSync(lock, '');
    expect(lockIsHeld(lock)).toBe(true);
    utimesSync(lock, new Date(Date.now() - 5000), new Date(Date.now() - 5000));
    expect(lockIsHeld(lock)).toBe(false);
  });

  it('a lock file naming our own PID, or a live process that is not accessctl, or a reused PID, does not block', SLOW, async () => {
    const t = await embeddedTarget('migrated');
    const lock = `${t.dataDir}.lock`;
    const sleeper = spawn('sleep', ['120']);
    try {
      const started = processStartTime(sleeper.pid!);
      expect(started).toBeDefined();
      for (const content of [
        String(process.pid), // An earlier accessctl, or a container where we got the same PID.
        JSON.stringify({ pid: process.pid, token: 'not-ours', started: processStartTime(process.pid) }),
        String(sleeper.pid), // A live PID of a process that is no node.
        JSON.stringify({ pid: sleeper.pid, token: 'x', started: String(Number(started) - 1) }), // The PID was reused.
      ]) {
        writeFileSync(lock, content);
        const result = await run(t, ['manage_group', 'g', '--yes']);
        expect(result.code, content).toBe(0);
        expect(existsSync(lock)).toBe(false);
      }
    } finally {
      sleeper.kill();
    }
  });

  it('a symlinked data folder is the same lock; --wait waits for it (the real binary)', SLOW, async () => {
    const t = await embeddedTarget('migrated');
    const link = path.join(tempFolder('accessctl-link-'), 'data');
    symlinkSync(t.dataDir!, link);
    holder = await Database.open({ kind: 'embedded', dataDir: t.dataDir! });
    const blocked = await run(undefined, ['manage_group', 'g', '--yes', '--data-dir', link]);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain(`is in use by process ${process.pid}`);
    expect(blocked.stderr).toContain('(--wait waits for it)');

    const waiting = spawn(process.execPath, [BIN, 'manage_group', 'waited', '--yes', '--wait', '--lock-timeout', '200', '--data-dir', link], { env: cleanEnv() });
    let stderr = '';
    const exited = new Promise<number>((resolve) => waiting.on('exit', (code) => resolve(code ?? -1)));
    await new Promise<void>((resolve) =>
      waiting.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (stderr.includes('Waiting for')) resolve();
      }),
    );
    expect(stderr).toContain(`in use by process ${process.pid}`);
    await holder.close();
    holder = undefined;
    expect(await exited).toBe(0);
    expect(await sql(t, `SELECT name FROM auth_group`)).toEqual([{ name: 'waited' }]);
  });

  it('a data folder that cannot be made (under /proc) is one line and an exit, not a spin no signal stops (the real binary)', SLOW, async () => {
    const dataDir = `/proc/accessctl-${process.pid}/data`;
    // The timeout only guards the suite: the exit is the proof (Node 20's recursive mkdir spun for ever here).
    const result = await promisify(execFile)(process.execPath, [BIN, 'check', '--data-dir', dataDir], { env: cleanEnv(), timeout: 60_000 }).then(
      () => ({ code: 0, stderr: '' }),
      (e) => ({ code: e.code as number | string, stderr: e.stderr as string, killed: e.killed as boolean }),
    );
    expect(result).toMatchObject({ code: 1 });
    expect(result.stderr.trim()).toBe(`Error: cannot make the folder "/proc/accessctl-${process.pid}" for the embedded database: it cannot be made there`);
  });

  it('"Error: [object Object]" never appears: a file system error of PGlite is named', SLOW, async () => {
    const dataDir = tempFolder('accessctl-broken-');
    writeFileSync(path.join(dataDir, 'base'), 'not a folder');
    const result = await run(undefined, ['check', '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`Error: cannot open the embedded database ${dataDir}: a part of the path is not a folder`);
  });
});

describe.skipIf(!hasTmux)('signals (the real binary on a terminal)', () => {
  let terminal: Terminal | undefined;
  afterEach(() => terminal?.close());

  const shell = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  /** The command using the database: the session lock's holder (a keeper may hold the folder's own lock). */
  const holderPid = (dataDir: string) => JSON.parse(readFileSync(`${dataDir}.session.lock`, 'utf8')).pid as number;

  it.each([
    ['SIGTERM', 143, '0'],
    ['SIGHUP', 129, '0'],
    ['SIGTERM', 143, '5'],
  ] as const)(
    '%s at the prompt closes the database, releases the lock and changes nothing (exit %s, ACCESSCTL_KEEP_OPEN=%s)',
    async (signal, code, keepOpen) => {
      const t = await embeddedTarget('migrated');
      const before = await dumpAuth(t);
      terminal = new Terminal([process.execPath, BIN, 'manage_group', 'editors', ...t.options].map(shell).join(' '), undefined, { ACCESSCTL_KEEP_OPEN: keepOpen });
      await terminal.waitFor('Apply these changes?');
      process.kill(holderPid(t.dataDir!), signal);
      expect(await terminal.exitCode()).toBe(code);
      expect(existsSync(`${t.dataDir}.session.lock`)).toBe(false);
      if (keepOpen === '0') {
        expect(existsSync(`${t.dataDir}.lock`)).toBe(false);
        expect(socketDirsOf(t.dataDir!)).toEqual([]);
      }
      expect(await dumpAuth(t)).toBe(before);
    },
    240_000,
  );

  it('a terminal that goes away (its tmux session killed) ends the console cleanly: lock released, no crash report', SLOW, async () => {
    const t = await embeddedTarget('migrated');
    const log = path.join(tempFolder('accessctl-hangup-'), 'stderr');
    terminal = new Terminal(`${[process.execPath, BIN, 'console', ...t.options].map(shell).join(' ')} 2>${shell(log)}`);
    await terminal.waitFor('pending change');
    const pid = holderPid(t.dataDir!);
    terminal.close();
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (const deadline = Date.now() + 30_000; alive() && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 50));
    expect(alive()).toBe(false);
    expect(existsSync(`${t.dataDir}.session.lock`)).toBe(false);
    // Node aborted with "Assertion failed … ResetStdio" when it tried to restore a terminal that was gone.
    expect(readFileSync(log, 'utf8')).not.toMatch(/Assertion failed|Error/);
    rmSync(path.dirname(log), { recursive: true, force: true });
  });

  it('with ACCESSCTL_KEEP_OPEN=0 a command serves no socket: its connection to the embedded database is in-process', SLOW, async () => {
    const t = await embeddedTarget('migrated');
    const tmp = tempFolder('accessctl-tmpdir-');
    terminal = new Terminal(`ACCESSCTL_KEEP_OPEN=0 TMPDIR=${shell(tmp)} ${[process.execPath, BIN, 'manage_group', 'editors', ...t.options].map(shell).join(' ')}`);
    await terminal.waitFor('Apply these changes?');
    expect(existsSync(`${t.dataDir}.lock`)).toBe(true);
    expect(readdirSync(tmp).filter((name) => name.startsWith('accessctl-'))).toEqual([]);
    terminal.send('y');
    expect(await terminal.exitCode()).toBe(0);
    expect(await sql(t, `SELECT name FROM auth_group WHERE name = 'editors'`)).toEqual([{ name: 'editors' }]);
  });

  it('kill -9 leaves no socket folder behind once accessctl runs again (on any data folder; ACCESSCTL_KEEP_OPEN=0)', SLOW, async () => {
    const t = await embeddedTarget('migrated');
    // A temporary folder of this test's own: any accessctl starting elsewhere (other test files run
    // meanwhile) would otherwise clean the folder up before the test has seen it left behind.
    const tmp = tempFolder('accessctl-tmpdir-');
    const env = cleanEnv({ TMPDIR: tmp, ACCESSCTL_KEEP_OPEN: '0' });
    const accessctl = (args: string[]) => promisify(execFile)(process.execPath, [BIN, ...args], { env });
    // dbshell serves the embedded database on a socket for psql: killed meanwhile, its folder stays.
    const holder = spawn(process.execPath, [BIN, 'dbshell', ...t.options, '--', '-c', 'select pg_sleep(60)'], { env, stdio: 'ignore' });
    const killed = new Promise((resolve) => holder.on('exit', resolve));
    for (const deadline = Date.now() + 60_000; socketDirsOf(t.dataDir!, tmp).length === 0;) {
      if (Date.now() > deadline) throw new Error('dbshell never served a socket');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    holder.kill('SIGKILL');
    await killed;
    expect(socketDirsOf(t.dataDir!, tmp)).toHaveLength(1);
    const elsewhere = path.join(tempFolder('accessctl-other-'), 'data');
    await accessctl(['check', '--data-dir', elsewhere]).catch(() => undefined);
    expect(socketDirsOf(t.dataDir!, tmp)).toEqual([]);
    await accessctl(['manage_group', 'editors', '--yes', ...t.options]);
    expect(socketDirsOf(t.dataDir!, tmp)).toEqual([]);
    rmSync(tmp, { recursive: true, force: true });
    rmSync(path.dirname(elsewhere), { recursive: true, force: true });
  });
});
