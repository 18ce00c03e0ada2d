import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPgBin, startPgServer, type PgServer } from './support/pg-server.js';
import { makeCertificates, type Certificates } from './support/tls.js';
import { cleanEnv, run } from './support/targets.js';
import { BIN } from './support/tmux.js';

const exec = promisify(execFile);

/**
 * A server that accepts only TLS, with a certificate for `localhost` signed by a test CA: the sslmode
 * of a database URL means what it means to libpq (and so to Django's psycopg2 on the same URL).
 */
describe.skipIf(!findPgBin())('TLS: sslmode in the database URL, against a server that accepts only TLS', () => {
  let server: PgServer;
  let certs: Certificates;
  const url = (host: string, query: string) => `postgres://postgres:${server.password}@${host}:${server.port}/postgres${query ? `?${query}` : ''}`;
  const check = (databaseUrl: string) => run(undefined, ['check', '--database-url', databaseUrl]);
  const lastLine = (text: string) => text.trim().split('\n').pop()!;

  beforeAll(async () => {
    certs = makeCertificates();
    server = await startPgServer({ tls: { cert: certs.cert, key: certs.key } });
    const migrated = await run(undefined, ['migrate', '--database-url', url('127.0.0.1', 'sslmode=require')]);
    if (migrated.code !== 0) throw new Error(migrated.stderr);
  });
  afterAll(() => {
    server?.stop();
    rmSync(certs.dir, { recursive: true, force: true });
  });

  it('without sslmode, uses TLS when the server offers it, as libpq (sslmode=prefer) and so Django do', async () => {
    const applied = await run(undefined, ['manage_group', 'editors', '--database-url', url('127.0.0.1', ''), '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain('+ group editors');
  });

  it('require encrypts without checking the certificate; disable is refused by this server in one line', async () => {
    expect((await check(url('127.0.0.1', 'sslmode=require'))).code).toBe(0);
    const plain = await check(url('127.0.0.1', 'sslmode=disable'));
    expect(plain.code).toBe(1);
    expect(lastLine(plain.stderr)).toMatch(/^Error: could not connect to postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/postgres\?sslmode=disable: .*no encryption/);
  });

  it('a client key TLS cannot use (sslkey in the URL) is one line and exit 1 in every mode, never a crash', async () => {
    const bad = path.join(certs.dir, 'bad.key');
    writeFileSync(bad, '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n');
    for (const mode of ['', 'sslmode=prefer&', 'sslmode=require&']) {
      const result = await check(url('127.0.0.1', `${mode}sslcert=${encodeURIComponent(certs.cert)}&sslkey=${encodeURIComponent(bad)}`));
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^Error: could not connect to postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/postgres\?.*: .*(DECODER|key)/i);
    }
  });

  it('verify-ca checks the chain (not the name); verify-full checks the chain and the name', async () => {
    const ca = `sslrootcert=${encodeURIComponent(certs.ca)}`;
    expect((await check(url('127.0.0.1', `sslmode=verify-ca&${ca}`))).code).toBe(0);
    expect((await check(url('localhost', `sslmode=verify-full&${ca}`))).code).toBe(0);
    // require with a root certificate is verify-ca, as in libpq.
    const wrongCa = await check(url('127.0.0.1', `sslmode=require&sslrootcert=${encodeURIComponent(certs.otherCa)}`));
    expect(wrongCa.code).toBe(1);
    expect(lastLine(wrongCa.stderr)).toMatch(/^Error: could not connect to .*: .*certificate/i);
    const wrongName = await check(url('127.0.0.1', `sslmode=verify-full&${ca}`));
    expect(wrongName.code).toBe(1);
    expect(lastLine(wrongName.stderr)).toMatch(/^Error: could not connect to .*: .*(localhost|altnames|host)/i);
    expect(wrongName.stderr).not.toContain(server.password);
  });

  it('every way of connecting keeps the TLS settings: the built binary, MikroORM (showmigrations), the change log, psql', async () => {
    const full = url('localhost', `sslmode=verify-full&sslrootcert=${encodeURIComponent(certs.ca)}`);
    const env = cleanEnv();
    const built = await exec(process.execPath, [BIN, 'manage_user', 'groucho', 'groucho@example.com', '-g', 'editors', '--database-url', full, '--yes'], { env });
    expect(built.stderr).toContain('+ user groucho');
    const migrations = await run(undefined, ['showmigrations', '--database-url', full]);
    expect(migrations.code, migrations.stderr).toBe(0);
    expect(migrations.stdout).toMatch(/\[X\] /);
    const listed = await run(undefined, ['log', '--database-url', full]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('groucho');
    const psql = await exec(process.execPath, [BIN, 'dbshell', '--database-url', full, '--', '-At', '-c', 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()'], {
      env,
    });
    expect(psql.stdout.trim()).toBe('t');
  });
});
