import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../src/db/target.js';
import { maskUrl } from '../src/db/mask.js';
import { cleanEnv, pgServer, run } from './support/targets.js';

const server = pgServer();

describe('choosing the database', () => {
  it('takes --database-url, then DATABASE_URL, then --data-dir, ACCESSCTL_DATA_DIR, then the XDG data folder', () => {
    const env = { DATABASE_URL: 'postgres://env/db', ACCESSCTL_DATA_DIR: '/env/dir', XDG_DATA_HOME: '/xdg', HOME: '/home/u' };
    expect(resolveTarget({ databaseUrl: 'postgres://opt/db', dataDir: '/d' }, env, '/')).toEqual({ kind: 'server', url: 'postgres://opt/db' });
    expect(resolveTarget({ dataDir: '/d' }, env, '/')).toEqual({ kind: 'server', url: 'postgres://env/db' });
    expect(resolveTarget({ dataDir: 'rel' }, { ACCESSCTL_DATA_DIR: '/env/dir' }, '/cwd')).toEqual({ kind: 'embedded', dataDir: '/cwd/rel' });
    expect(resolveTarget({}, { ACCESSCTL_DATA_DIR: '/env/dir', XDG_DATA_HOME: '/xdg' }, '/')).toEqual({ kind: 'embedded', dataDir: '/env/dir' });
    expect(resolveTarget({}, { XDG_DATA_HOME: '/xdg' }, '/')).toEqual({ kind: 'embedded', dataDir: '/xdg/accessctl' });
    expect(resolveTarget({}, { HOME: '/home/u' }, '/')).toEqual({ kind: 'embedded', dataDir: '/home/u/.local/share/accessctl' });
  });

  it('masks the password of a URL', () => {
    expect(maskUrl('postgres://bob:s3cr%40t@db.example:5432/app?sslmode=require')).toBe('postgres://bob:***@db.example:5432/app?sslmode=require');
    expect(maskUrl('postgres://db.example/app?password=s3cret')).toBe('postgres://db.example/app?password=***');
    // A passphrase written unencoded in the URL (the driver accepts it): the whole of it.
    expect(maskUrl('postgres://bob:correct horse battery@db.example/app')).toBe('postgres://bob:***@db.example/app');
    expect(maskUrl('postgres://bob:a b@c d@db.example/app')).toBe('postgres://bob:***@db.example/app');
    // password=… in a quoted message: the value is masked whole, the message's closing quote is kept.
    expect(maskUrl('invalid "postgres:/h/db?password=se"cr:et": expected')).toBe('invalid "postgres:/h/db?password=***": expected');
    expect(maskUrl('postgres:/h/db?password=a.b;c&sslmode=require')).toBe('postgres:/h/db?password=***&sslmode=require');
  });

  it('a URL with password= that is not valid: one line, the value masked, the quote around it kept', async () => {
    const result = await run(undefined, ['check', '--database-url', 'postgres:/h/db?password=se"cr:et']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('Error: invalid database URL "postgres:/h/db?password=***": expected postgres://USER:PASSWORD@HOST:PORT/DATABASE');
  });
});

describe('connection errors: one clear line, the password masked, a non-zero exit', () => {
  const expectOneMaskedLine = (stderr: string, secret: string) => {
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toContain(secret);
    expect(stderr).toContain('***');
  };

  it('a value that is not a postgres:// URL', async () => {
    const result = await run(undefined, ['check', '--database-url', 'notaurl']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('Error: invalid database URL "notaurl": expected postgres://USER:PASSWORD@HOST:PORT/DATABASE');
  });

  it('connection refused', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
    const result = await run(undefined, ['check', '--database-url', `postgres://u:hunter2secret@127.0.0.1:${port}/db`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`could not connect to postgres://u:***@127.0.0.1:${port}/db: connection refused`);
    expectOneMaskedLine(result.stderr, 'hunter2secret');
  });

  it('connection refused, with a password holding a space (unencoded)', async () => {
    const result = await run(undefined, ['check', '--database-url', 'postgres://u:hunter2 secret@127.0.0.1:1/db']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('could not connect to postgres://u:***@127.0.0.1:1/db: connection refused');
    expectOneMaskedLine(result.stderr, 'hunter2');
  });

  it('timeout', async () => {
    // A server that accepts and never answers.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const result = await run(undefined, ['check', '--database-url', `postgres://u:hunter2secret@127.0.0.1:${port}/db`], { env: cleanEnv({ PGCONNECT_TIMEOUT: '1' }) });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('timed out');
      expectOneMaskedLine(result.stderr, 'hunter2secret');
    } finally {
      silent.close();
    }
  });

  it.skipIf(!server)('wrong password and unknown database', async () => {
    const base = new URL(server!.adminUrl);
    base.password = 'wrong-password-xyz';
    const wrong = await run(undefined, ['check', '--database-url', base.toString()]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('password authentication failed');
    expectOneMaskedLine(wrong.stderr, 'wrong-password-xyz');

    const unknown = new URL(server!.adminUrl);
    unknown.pathname = '/no_such_db';
    const missing = await run(undefined, ['check', '--database-url', unknown.toString()]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('database "no_such_db" does not exist');
    expectOneMaskedLine(missing.stderr, server!.password);
  });
});
