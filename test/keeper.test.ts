import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { socketDirOf } from '../src/db/embedded.js';
import { tooOpen } from './support/modes.js';
import { BIN } from './support/tmux.js';
import { cleanEnv, dumpAuth, embeddedTarget, sql, type Target } from './support/targets.js';
import { tempFolder } from './support/temp-folders.js';

// The keeper (src/db/keeper.ts) through what ships: the built binary starts it from dist/keeper.mjs.

const SLOW = { timeout: 240_000 };

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return promisify(execFile)(process.execPath, [BIN, ...args], { env: cleanEnv({ ACCESSCTL_KEEP_OPEN: '30', ...env }) }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
  );
}

const ownerPid = (dataDir: string): number | undefined => {
  try {
    return JSON.parse(readFileSync(`${dataDir}.lock`, 'utf8')).pid;
  } catch {
    return undefined;
  }
};

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const argsOf = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0$/, '').split('\0');

/** Waits for a process to end: the proof is its absence (the deadline only guards the suite). */
async function ended(pid: number): Promise<boolean> {
  for (const deadline = Date.now() + 60_000; alive(pid) && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

const keepers: number[] = [];
afterEach(async () => {
  for (const pid of keepers.splice(0)) {
    if (alive(pid)) process.kill(pid, 'SIGTERM');
    await ended(pid);
  }
});

/** A migrated database with its keeper started by a first command (group g1). */
async function keptTarget(env: NodeJS.ProcessEnv = {}): Promise<{ t: Target; keeper: number }> {
  const t = await embeddedTarget('migrated');
  expect(await cli(['manage_group', 'g1', '--yes', ...t.options], env)).toMatchObject({ code: 0 });
  const keeper = ownerPid(t.dataDir!);
  if (keeper === undefined) throw new Error('no keeper holds the database');
  keepers.push(keeper);
  return { t, keeper };
}

describe('the keeper keeps the embedded database open between commands (the real binary)', () => {
  it('the next command is served by the keeper the first one started; idle, it closes the database and leaves it private', SLOW, async () => {
    const { t, keeper } = await keptTarget({ ACCESSCTL_KEEP_OPEN: '1' });
    expect(keeper).not.toBe(process.pid);
    expect(argsOf(keeper)).toContain(path.join(path.dirname(path.dirname(BIN)), 'dist', 'keeper.mjs'));
    expect(await cli(['manage_group', 'g2', '--yes', ...t.options], { ACCESSCTL_KEEP_OPEN: '1' })).toMatchObject({ code: 0 });
    expect(ownerPid(t.dataDir!)).toBe(keeper);
    // The session lock is the command's, and goes with it.
    expect(existsSync(`${t.dataDir}.session.lock`)).toBe(false);
    expect(await ended(keeper)).toBe(true);
    expect(existsSync(`${t.dataDir}.lock`)).toBe(false);
    expect(existsSync(socketDirOf(t.dataDir!))).toBe(false);
    expect(tooOpen(t.dataDir!)).toEqual([]);
    expect(await sql(t, `SELECT name FROM auth_group ORDER BY name`)).toEqual([{ name: 'g1' }, { name: 'g2' }]);
  });

  it('by default it stays a minute; ACCESSCTL_KEEP_OPEN=0 closes the database with the command; a bad value is one line', SLOW, async () => {
    const t = await embeddedTarget('migrated');
    const before = await dumpAuth(t);
    const bad = await cli(['manage_group', 'g', '--yes', ...t.options], { ACCESSCTL_KEEP_OPEN: 'soon\u001b[2J' });
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(
      'Error: ACCESSCTL_KEEP_OPEN must be a number of seconds up to 86400 (0: close the embedded database after each command), not "soon\\e[2J"',
    );
    expect(await dumpAuth(t)).toBe(before);

    expect(await cli(['manage_group', 'g', '--yes', ...t.options], { ACCESSCTL_KEEP_OPEN: '0' })).toMatchObject({ code: 0 });
    expect(existsSync(`${t.dataDir}.lock`)).toBe(false);

    expect(await cli(['manage_group', 'g', '--yes', ...t.options], { ACCESSCTL_KEEP_OPEN: '' })).toMatchObject({ code: 0 });
    const keeper = ownerPid(t.dataDir!)!;
    keepers.push(keeper);
    expect(argsOf(keeper).slice(-3)).toEqual([t.dataDir, '60000', '10000']);
  });

  it('one command at a time: a second is told which process has the database, and --wait waits for it', SLOW, async () => {
    const { t, keeper } = await keptTarget();
    // This process uses the database through the keeper (as the sources do when a keeper has it open).
    let holder: Database | undefined = await Database.open({ kind: 'embedded', dataDir: t.dataDir! });
    try {
      expect(ownerPid(t.dataDir!)).toBe(keeper);
      const blocked = await cli(['manage_group', 'g2', '--yes', ...t.options]);
      expect(blocked.code).toBe(1);
      expect(blocked.stderr).toContain(`is in use by process ${process.pid}`);
      expect(blocked.stderr).toContain('.session.lock');
      const waiting = spawn(process.execPath, [BIN, 'manage_group', 'g3', '--yes', '--wait', ...t.options], { env: cleanEnv({ ACCESSCTL_KEEP_OPEN: '30' }) });
      const exited = new Promise<number>((resolve) => waiting.on('exit', (code) => resolve(code ?? -1)));
      let stderr = '';
      await new Promise<void>((resolve) =>
        waiting.stderr.on('data', (chunk) => {
          stderr += chunk;
          if (stderr.includes('Waiting for')) resolve();
        }),
      );
      await holder.sql.query(`INSERT INTO auth_group (name) VALUES ('from-the-holder')`);
      await holder.close();
      holder = undefined;
      expect(await exited).toBe(0);
    } finally {
      await holder?.close();
    }
    expect(await sql(t, `SELECT name FROM auth_group ORDER BY name`)).toEqual([{ name: 'from-the-holder' }, { name: 'g1' }, { name: 'g3' }]);
    expect(ownerPid(t.dataDir!)).toBe(keeper);
  });

  it('a command whose temporary folder differs finds the keeper where its lock says (TMPDIR of cron, of a shell)', SLOW, async () => {
    const t = await embeddedTarget('migrated');
    const [first, second] = [tempFolder('accessctl-tmp-a-'), tempFolder('accessctl-tmp-b-')];
    expect(await cli(['manage_group', 'g1', '--yes', ...t.options], { TMPDIR: first })).toMatchObject({ code: 0 });
    const keeper = ownerPid(t.dataDir!)!;
    keepers.push(keeper);
    expect(await cli(['manage_group', 'g2', '--yes', ...t.options], { TMPDIR: second })).toMatchObject({ code: 0 });
    expect(ownerPid(t.dataDir!)).toBe(keeper);
    expect(readdirSync(second)).toEqual([]);
    expect(await sql(t, `SELECT name FROM auth_group ORDER BY name`)).toEqual([{ name: 'g1' }, { name: 'g2' }]);
  });

  it('a temporary folder too long for a socket path puts the socket in /tmp, not cut short outside its folder', SLOW, async () => {
    const t = await embeddedTarget('migrated');
    const long = path.join(tempFolder('accessctl-long-'), 'x'.repeat(90));
    mkdirSync(long);
    for (const name of ['g1', 'g2']) expect(await cli(['manage_group', name, '--yes', ...t.options], { TMPDIR: long })).toMatchObject({ code: 0 });
    keepers.push(ownerPid(t.dataDir!)!);
    expect(readdirSync(long)).toEqual([]);
    expect(readdirSync(path.dirname(long))).toEqual(['x'.repeat(90)]);
    expect(await sql(t, `SELECT name FROM auth_group ORDER BY name`)).toEqual([{ name: 'g1' }, { name: 'g2' }]);
  });

  it('commands started together take turns: all succeed, and one keeper serves them', SLOW, async () => {
    const t = await embeddedTarget('migrated');
    const names = ['c1', 'c2', 'c3', 'c4'];
    const results = await Promise.all(names.map((name) => cli(['manage_group', name, '--yes', '--wait', ...t.options])));
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    const keeper = ownerPid(t.dataDir!)!;
    keepers.push(keeper);
    const running = readdirSync('/proc').filter((pid) => /^\d+$/.test(pid) && isKeeperOf(Number(pid), t.dataDir!));
    expect(running).toEqual([String(keeper)]);
    expect(await sql(t, `SELECT name FROM auth_group ORDER BY name`)).toEqual(names.map((name) => ({ name })));
  });

  it('a client that goes mid-transaction leaves nothing: its transaction is rolled back and its session settings are gone', SLOW, async () => {
    const { t } = await keptTarget();
    const connect = async () => {
      const client = new pg.Client({ host: socketDirOf(t.dataDir!), port: 5432, user: 'postgres', database: 'postgres' });
      client.on('error', () => undefined);
      await client.connect();
      return client;
    };
    const fresh = await connect();
    const { rows: freshPath } = await fresh.query(`SHOW search_path`);
    await fresh.end();
    const first = await connect();
    await first.query(`SET search_path = pg_catalog`);
    await first.query(`PREPARE left_behind AS SELECT 1`);
    await first.query(`BEGIN`);
    await first.query(`INSERT INTO public.auth_group (name) VALUES ('half-done')`);
    // As a process killed with -9: the socket closes with no Terminate message.
    (first as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const next = await connect();
    try {
      expect((await next.query(`SHOW search_path`)).rows).toEqual(freshPath);
      expect(freshPath).not.toEqual([{ search_path: 'pg_catalog' }]);
      expect((await next.query(`SELECT count(*)::int AS n FROM pg_prepared_statements`)).rows).toEqual([{ n: 0 }]);
      expect((await next.query(`SELECT name FROM auth_group ORDER BY name`)).rows).toEqual([{ name: 'g1' }]);
    } finally {
      await next.end();
    }
  });

  it('a client that goes after Execute, before Sync, leaves nothing: its implicit transaction is rolled back, not committed', SLOW, async () => {
    const { t } = await keptTarget();
    const message = (type: string, body: Buffer) => {
      const header = Buffer.alloc(5);
      header.write(type, 0, 'latin1');
      header.writeInt32BE(4 + body.length, 1);
      return Buffer.concat([header, body]);
    };
    const cstr = (text: string) => Buffer.from(`${text}\0`);
    const params = Buffer.concat([cstr('user'), cstr('postgres'), cstr('database'), cstr('postgres'), Buffer.from([0])]);
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8 + params.length, 0);
    startup.writeInt32BE(196608, 4);
    const socket = net.connect(path.join(socketDirOf(t.dataDir!), '.s.PGSQL.5432'));
    let answers = '';
    socket.on('data', (chunk) => (answers += chunk.toString('latin1')));
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(Buffer.concat([startup, params]));
    socket.write(
      Buffer.concat([
        message('P', Buffer.concat([cstr(''), cstr(`INSERT INTO auth_group (name) VALUES ('ghost')`), Buffer.from([0, 0])])),
        message('B', Buffer.concat([cstr(''), cstr(''), Buffer.from([0, 0, 0, 0, 0, 0])])),
        message('E', Buffer.concat([cstr(''), Buffer.from([0, 0, 0, 0])])),
        message('H', Buffer.alloc(0)),
      ]),
    );
    // The insert has run once its CommandComplete ("INSERT 0 1") comes back; then the client goes.
    for (const deadline = Date.now() + 30_000; !answers.includes('INSERT 0 1');) {
      if (Date.now() > deadline) throw new Error(`no answer to the insert: ${JSON.stringify(answers)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    socket.destroy();
    expect(await sql(t, `SELECT name FROM auth_group ORDER BY name`)).toEqual([{ name: 'g1' }]);
  });

  it("psql's cancel request (Ctrl+C) is answered on its own connection, not queued behind the session that sent it", SLOW, async () => {
    const { t } = await keptTarget();
    const client = new pg.Client({ host: socketDirOf(t.dataDir!), port: 5432, user: 'postgres', database: 'postgres' });
    await client.connect();
    try {
      // psql sends the cancel request and waits for its connection to close before it reads its own again.
      const cancel = Buffer.alloc(16);
      cancel.writeInt32BE(16, 0);
      cancel.writeInt32BE(80877102, 4);
      const canceller = net.connect(path.join(socketDirOf(t.dataDir!), '.s.PGSQL.5432'), () => canceller.write(cancel));
      await new Promise((resolve) => canceller.once('close', resolve));
      expect((await client.query(`SELECT name FROM auth_group`)).rows).toEqual([{ name: 'g1' }]);
    } finally {
      await client.end();
    }
  });

  it("COPY FROM STDIN (psql's \\copy … from) is one error, and the database goes on serving", SLOW, async () => {
    const { t } = await keptTarget();
    const client = new pg.Client({ host: socketDirOf(t.dataDir!), port: 5432, user: 'postgres', database: 'postgres' });
    await client.connect();
    try {
      await expect(client.query(`COPY auth_group (name) FROM STDIN`)).rejects.toThrow(
        /COPY FROM STDIN \(psql's \\copy … from\) is not supported by the embedded database/,
      );
      expect((await client.query(`SELECT name FROM auth_group`)).rows).toEqual([{ name: 'g1' }]);
    } finally {
      await client.end();
    }
    expect(await cli(['manage_group', 'g2', '--yes', ...t.options])).toMatchObject({ code: 0 });
  });

  it('a keeper killed with -9 loses nothing committed: the next command starts another, which recovers', SLOW, async () => {
    const { t, keeper } = await keptTarget();
    const client = new pg.Client({ host: socketDirOf(t.dataDir!), port: 5432, user: 'postgres', database: 'postgres' });
    client.on('error', () => undefined);
    await client.connect();
    await client.query(`BEGIN`);
    await client.query(`INSERT INTO auth_group (name) VALUES ('uncommitted')`);
    process.kill(keeper, 'SIGKILL');
    expect(await ended(keeper)).toBe(true);
    await client.end().catch(() => undefined);
    const next = await cli(['manage_group', 'g2', '--yes', ...t.options]);
    expect(next).toMatchObject({ code: 0 });
    const second = ownerPid(t.dataDir!)!;
    keepers.push(second);
    expect(second).not.toBe(keeper);
    expect(await sql(t, `SELECT name FROM auth_group ORDER BY name`)).toEqual([{ name: 'g1' }, { name: 'g2' }]);
  });

  it('a keeper that closes as a command comes is replaced, not an error (closing and starting again, back to back)', SLOW, async () => {
    const t = await embeddedTarget('migrated');
    const codes: number[] = [];
    // A keeper that closes 0.2 s after each command: commands come just before, as and after it closes.
    for (let i = 0; i < 8; i++) {
      const result = await cli(['manage_group', `r${i}`, '--yes', '--wait', ...t.options], { ACCESSCTL_KEEP_OPEN: '0.2' });
      if (result.code !== 0) throw new Error(result.stderr);
      codes.push(result.code);
      await new Promise((r) => setTimeout(r, 40 * i));
    }
    expect(codes).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    const keeper = ownerPid(t.dataDir!);
    if (keeper) await ended(keeper);
    expect(await sql(t, `SELECT count(*)::int AS n FROM auth_group WHERE name LIKE 'r%'`)).toEqual([{ n: 8 }]);
  });
});

function isKeeperOf(pid: number, dataDir: string): boolean {
  try {
    const args = argsOf(pid);
    return args.some((arg) => arg.endsWith('keeper.mjs')) && args.includes(dataDir);
  } catch {
    return false;
  }
}
