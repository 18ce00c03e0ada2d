import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { describeEachTarget, DJANGO_TARGETS } from './support/each-target.js';
import { cleanEnv, dumpAuth, embeddedTarget, pgServer, run, serverTarget, sql, type Target, captured, one } from './support/targets.js';
import { tempFolder } from './support/temp-folders.js';
import { BIN, hasTmux, Terminal } from './support/tmux.js';

// Each test opens the embedded database several times (PGlite's cold start): slow on a busy machine.
vi.setConfig({ testTimeout: 240_000 });

/** `accessctl [target] dbshell -- ARGS`: the target's options go before `--`, the rest is psql's. */
const dbshell = (target: Target, psqlArgs: string[], env?: NodeJS.ProcessEnv) => run(undefined, [...target.options, 'dbshell', '--', ...psqlArgs], env ? { env } : {});

/** The psql processes this test process (or `parent`) started, with their command line and environment. */
function ourPsqls(parent = process.pid): { pid: number; cmdline: string; environ: string }[] {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...
      const match = /^\d+ \((.*)\) \S+ (\d+)/.exec(stat);
      if (!match || match[1] !== 'psql' || Number(match[2]) !== parent) continue;
      const read = (file: string) => readFileSync(`/proc/${entry}/${file}`, 'utf8').split('\0').join(' ');
      found.push({ pid: Number(entry), cmdline: read('cmdline'), environ: read('environ') });
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

async function waitForPsql(parent = process.pid): Promise<{ pid: number; cmdline: string; environ: string }> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [psql] = ourPsqls(parent);
    if (psql) return psql;
    if (Date.now() > deadline) throw new Error('psql never started');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describeEachTarget('dbshell', DJANGO_TARGETS, (make) => {
  it("runs psql on the database with the arguments after --, and its exit code is psql's", async () => {
    const t = await make();
    const before = await dumpAuth(t);
    const query = "select string_agg(codename, ',' order by id) from auth_permission where codename like '%thing'";
    const { string_agg: expected } = one(await sql(t, query));
    expect(expected).toContain('add_thing');
    const counted = await dbshell(t, ['-At', '-c', query]);
    expect(counted.stderr).toBe('');
    expect(counted.stdout).toBe(`${expected}\n`);
    expect(counted.code).toBe(0);
    const failed = await dbshell(t, ['-c', 'select no_such_column from auth_user']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('column "no_such_column" does not exist');
    expect(await dumpAuth(t)).toBe(before);
  });

  it('writes through psql like any client', async () => {
    const t = await make();
    const made = await dbshell(t, ['-c', "insert into auth_group (name) values ('from_psql')"]);
    expect(made.code).toBe(0);
    const listed = await dbshell(t, ['-At', '-c', 'select name from auth_group order by id']);
    expect(listed.stdout.trim().split('\n')).toContain('from_psql');
  });

  it('without psql on the PATH says which package provides it, in one line', async () => {
    const t = await make();
    // A PATH holding only node: psql cannot be found.
    const bin = tempFolder('accessctl-nopsql-');
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const result = await dbshell(t, ['-c', 'select 1'], cleanEnv({ PATH: bin }));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Error: psql is not on the PATH: install the postgresql-client package (or add the folder holding psql to PATH)\n');
  });
});

describe.skipIf(!pgServer())('dbshell on a PostgreSQL server', () => {
  it("never puts the password on psql's command line or in its environment; it is in a private passfile, gone afterwards", async () => {
    const t = await serverTarget('django');
    const password = pgServer()!.password;
    expect(t.url).toContain(password);
    const running = dbshell(t, ['-At', '-c', 'select pg_sleep(3)', '-c', 'select 42']);
    const psql = await waitForPsql();
    expect(psql.cmdline).toContain('psql');
    expect(psql.cmdline).toContain('127.0.0.1');
    expect(psql.cmdline).not.toContain(password);
    expect(psql.environ).not.toContain(password);
    const passfile = captured(/PGPASSFILE=(\S+)/, psql.environ);
    expect(statSync(passfile).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(passfile)).mode & 0o777).toBe(0o700);
    const result = await running;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('\n42\n');
    expect(existsSync(passfile)).toBe(false);
  });

  it('a wrong password fails before psql starts (accessctl connects first), and is not printed', async () => {
    const t = await serverTarget('django');
    const password = pgServer()!.password;
    // accessctl itself connects first: the URL's bad password fails there, masked.
    const wrong: Target = { ...t, options: ['--database-url', t.url!.replace(password, 'not-the-password')] };
    const result = await dbshell(wrong, ['-c', 'select 1']);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('not-the-password');
  });
});

describe('dbshell on the embedded database', () => {
  it('serves it on a private socket and holds the lock while psql runs', async () => {
    const t = await embeddedTarget('migrated');
    const running = dbshell(t, ['-At', '-c', 'select pg_sleep(2)', '-c', 'select count(*) from auth_permission']);
    const psql = await waitForPsql();
    const socketDir = captured(/--host (\S+)/, psql.cmdline);
    expect(statSync(socketDir).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(`${t.dataDir}.lock`, 'utf8')).pid).toBe(process.pid);
    const result = await running;
    expect(result.stdout).toBe('\n16\n');
    expect(result.code).toBe(0);
    expect(existsSync(`${t.dataDir}.lock`)).toBe(false);
    expect(existsSync(socketDir)).toBe(false);
  });
});

describe.skipIf(!hasTmux)('dbshell on a terminal (the real binary)', () => {
  it("is psql's own session: its prompt shows, a query's answer shows, \\q ends it", async () => {
    const t = await embeddedTarget('migrated');
    const shell = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const terminal = new Terminal([process.execPath, BIN, 'dbshell', ...t.options].map(shell).join(' '));
    try {
      await terminal.waitFor('postgres=#');
      terminal.send('select 6 * 7 as answer \\g', 'Enter');
      await terminal.waitFor(/answer\s*\n-+\s*\n\s*42/);
      terminal.send('\\q', 'Enter');
      expect(await terminal.exitCode()).toBe(0);
      expect(existsSync(`${t.dataDir}.session.lock`)).toBe(false);
    } finally {
      terminal.close();
    }
  });

  // Ctrl+C reaches the whole foreground process group: accessctl too, which must leave it to psql.
  it.each(pgServer() ? (['embedded', 'server'] as const) : (['embedded'] as const))(
    "Ctrl+C at the prompt is psql's: the session goes on (%s), and its passfile is gone after \\q",
    async (kind) => {
      const t = kind === 'server' ? await serverTarget('django') : await embeddedTarget('migrated');
      const tmp = tempFolder('accessctl-dbshell-tmp-');
      const shell = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
      // The embedded database closed with the command: its keeper's socket folder would be in TMPDIR too.
      const terminal = new Terminal([process.execPath, BIN, 'dbshell', ...t.options].map(shell).join(' '), undefined, { TMPDIR: tmp, ACCESSCTL_KEEP_OPEN: '0' });
      try {
        await terminal.waitFor(/=# $/m);
        terminal.send('C-c');
        // psql's readline drops what is typed before it has drawn the new prompt.
        await terminal.waitFor(/\^C\s*\n.*=# $/m);
        terminal.send('select 6 * 7 as answer \\g', 'Enter');
        await terminal.waitFor(/answer\s*\n-+\s*\n\s*42/);
        terminal.send('\\q', 'Enter');
        expect(await terminal.exitCode()).toBe(0);
        expect(readdirSync(tmp)).toEqual([]);
      } finally {
        terminal.close();
      }
    },
  );
});

describe.skipIf(!pgServer())('dbshell ended by a signal (the real binary)', () => {
  it('SIGTERM ends psql with it and removes the passfile', async () => {
    const t = await serverTarget('django');
    const tmp = tempFolder('accessctl-dbshell-tmp-');
    const child = spawn(process.execPath, [BIN, 'dbshell', ...t.options, '--', '-c', 'select pg_sleep(60)'], { env: cleanEnv({ TMPDIR: tmp }), stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const psql = await waitForPsql(child.pid);
    try {
      expect(readdirSync(tmp)).toHaveLength(1);
      child.kill('SIGTERM');
      expect(await exited).toBe(143);
      expect(existsSync(`/proc/${psql.pid}`)).toBe(false);
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      // Left running, it would hold its server connection for a minute.
      if (existsSync(`/proc/${psql.pid}`)) process.kill(psql.pid);
    }
  });
});
