import { existsSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { describeEachTarget, DJANGO_TARGETS } from './support/each-target.js';
import { cleanEnv, dumpAuth, embeddedTarget, pgServer, run, serverTarget, sql, type Target, captured, one } from './support/targets.js';
import { tempFolder } from './support/temp-folders.js';

// Each test opens the embedded database several times (PGlite's cold start): slow on a busy machine.
vi.setConfig({ testTimeout: 240_000 });

/** `accessctl [target] dbshell -- ARGS`: the target's options go before `--`, the rest is psql's. */
const dbshell = (target: Target, psqlArgs: string[], env?: NodeJS.ProcessEnv) => run(undefined, [...target.options, 'dbshell', '--', ...psqlArgs], env ? { env } : {});

/** The psql processes this test process started, with their command line and environment. */
function ourPsqls(): { pid: number; cmdline: string; environ: string }[] {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...
      const match = /^\d+ \((.*)\) \S+ (\d+)/.exec(stat);
      if (!match || match[1] !== 'psql' || Number(match[2]) !== process.pid) continue;
      const read = (file: string) => readFileSync(`/proc/${entry}/${file}`, 'utf8').split('\0').join(' ');
      found.push({ pid: Number(entry), cmdline: read('cmdline'), environ: read('environ') });
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

async function waitForPsql(): Promise<{ pid: number; cmdline: string; environ: string }> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [psql] = ourPsqls();
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
