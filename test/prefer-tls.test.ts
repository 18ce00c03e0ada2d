import { rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findPgBin, startPgServer, type PgServer } from './support/pg-server.js';
import { dumpAuth, pgServer, run, serverTarget } from './support/targets.js';
import { makeCertificates, type Certificates } from './support/tls.js';

// Without sslmode in the URL, accessctl connects as libpq does (sslmode=prefer): it asks for TLS and,
// on the same connection, goes on in plain text when the server has none. (A TLS server is
// tls.test.ts's.) node-postgres alone needs a second connection for that: a second backend and login.

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** A TCP server on loopback, closed after the test. */
async function listen(onSocket: (socket: net.Socket) => void): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  return (server.address() as net.AddressInfo).port;
}

/** A proxy to the test server that counts the connections made through it. */
async function countingProxy(port: number): Promise<{ port: number; connections: () => number }> {
  let connections = 0;
  const proxyPort = await listen((client) => {
    connections++;
    const upstream = net.connect(port, '127.0.0.1');
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  return { port: proxyPort, connections: () => connections };
}

const throughPort = (url: string, port: number) => {
  const parsed = new URL(url);
  parsed.port = String(port);
  return parsed.toString();
};

describe('sslmode=prefer on one connection', () => {
  describe.skipIf(!pgServer())('against a server without TLS', () => {
    it('a command logs in once, in plain text, and works', async () => {
      const t = await serverTarget('django');
      const proxy = await countingProxy(Number(new URL(t.url!).port));
      const url = throughPort(t.url!, proxy.port);
      const applied = await run(undefined, ['manage_group', 'editors', '--yes', '--database-url', url]);
      expect(applied.code, applied.stderr).toBe(0);
      expect(applied.stderr).toContain('+ group editors');
      expect(proxy.connections()).toBe(1);
      const again = await run(undefined, ['check', '--database-url', url]);
      expect(again.code, again.stderr).toBe(0);
      expect(proxy.connections()).toBe(2);
    });

    it('sslmode=disable logs in once too; sslmode=require is refused in one line, and nothing changes', async () => {
      const t = await serverTarget('django');
      const before = await dumpAuth(t);
      const proxy = await countingProxy(Number(new URL(t.url!).port));
      const url = throughPort(t.url!, proxy.port);
      expect((await run(undefined, ['check', '--database-url', `${url}?sslmode=disable`])).code).toBe(0);
      expect(proxy.connections()).toBe(1);
      const refused = await run(undefined, ['manage_group', 'editors', '--yes', '--database-url', `${url}?sslmode=require`]);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toMatch(/^Error: could not connect to postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/\w+\?sslmode=require: .*does not support SSL/);
      expect(await dumpAuth(t)).toBe(before);
    });
  });

  describe('a server that answers the request for TLS with something else', () => {
    const check = (port: number) => run(undefined, ['check', '--database-url', `postgres://u:hunter2secret@127.0.0.1:${port}/db`]);

    it('an error message instead of a yes or no: one line, no password, exit 1', async () => {
      const port = await listen((socket) => socket.once('data', () => socket.end('E\0\0\0\x08FATAL\0')));
      const result = await check(port);
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toMatch(/^Error: could not connect to postgres:\/\/u:\*\*\*@127\.0\.0\.1:\d+\/db: There was an error establishing an SSL connection$/);
      expect(result.stderr).not.toContain('hunter2secret');
    });

    it('a server that hangs up at once: one line, exit 1 (no wait for a timeout)', async () => {
      const port = await listen((socket) => socket.once('data', () => socket.destroy()));
      const result = await check(port);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^Error: could not connect to postgres:\/\/u:\*\*\*@127\.0\.0\.1:\d+\/db: /);
      expect(result.stderr).not.toContain('timed out');
    });
  });
});

describe.skipIf(!findPgBin())('sslmode=prefer against a server with TLS that takes logins only without it (pg_hba hostnossl)', () => {
  let server: PgServer;
  let certs: Certificates;
  const url = (query = '') => `postgres://postgres:${server.password}@127.0.0.1:${server.port}/postgres${query}`;

  beforeAll(async () => {
    certs = makeCertificates();
    server = await startPgServer({
      tls: { cert: certs.cert, key: certs.key },
      tcpHba: 'hostnossl all all 127.0.0.1/32 scram-sha-256\nhostssl all all 127.0.0.1/32 reject\n',
    });
  });
  afterAll(() => {
    server?.stop();
    rmSync(certs.dir, { recursive: true, force: true });
  });

  it('goes on in plain text once the login over TLS is refused, as libpq does; require is refused in one line', async () => {
    const migrated = await run(undefined, ['migrate', '--database-url', url()]);
    expect(migrated.code, migrated.stderr).toBe(0);
    const applied = await run(undefined, ['manage_group', 'editors', '--yes', '--database-url', url()]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain('+ group editors');
    const refused = await run(undefined, ['check', '--database-url', url('?sslmode=require')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toMatch(/^Error: could not connect to postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/postgres\?sslmode=require: .*SSL encryption/);
  });

  it('a client key TLS cannot use fails the TLS attempt only: the plain one goes on (on a TLS-only server it is the error: tls.test.ts)', async () => {
    const bad = path.join(certs.dir, 'bad.key');
    writeFileSync(bad, '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n');
    const result = await run(undefined, ['check', '--database-url', url(`?sslcert=${encodeURIComponent(certs.cert)}&sslkey=${encodeURIComponent(bad)}`)]);
    expect(result.code, result.stderr).toBe(0);
  });
});
