import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolder } from './support/temp-folders.js';
import { dumpAuth, pgServer, run, serverTarget, sql, type Target } from './support/targets.js';

// apply connects to a server while it reads the file. What it reports, and in which order, is
// as if it connected after: a bad file is the error even when the server is down or silent, and
// a connection made for a command that then failed is closed.

const file = (text: string) => {
  const name = path.join(tempFolder('accessctl-early-'), 'access.yaml');
  writeFileSync(name, text);
  return name;
};
const GOOD = 'groups:\n  editors: []\n';
const BAD = 'groups:\n  editors: [\n';

/** accessctl's connections to the target's database, as the server lists them. */
const connections = async (t: Target) =>
  (
    await sql<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'accessctl' AND datname = current_database() AND pid <> pg_backend_pid()`,
    )
  )[0]!.n;

/**
 * accessctl's connections left once the server has ended the backends of those that went: a client
 * is done once its Terminate is sent, and its backend may take a moment more to leave the list.
 */
async function connectionsLeft(t: Target): Promise<number> {
  let open = await connections(t);
  for (let polls = 0; open > 0 && polls < 500; polls++) {
    await new Promise((resolve) => setImmediate(resolve));
    open = await connections(t);
  }
  return open;
}

/** A port that refuses connections. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

describe('apply: the connection made while the file is read', () => {
  it('reports a bad file, not the server that refuses connections; a good file then reports the server', async () => {
    const url = `postgres://u:hunter2secret@127.0.0.1:${await closedPort()}/db`;
    const bad = await run(undefined, ['apply', '-f', file(BAD), '--yes', '--database-url', url]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('access.yaml:');
    expect(bad.stderr).not.toContain('could not connect');
    const good = await run(undefined, ['apply', '-f', file(GOOD), '--yes', '--database-url', url]);
    expect(good.code).toBe(1);
    expect(good.stderr).toContain('could not connect to postgres://u:***@127.0.0.1:');
    expect(good.stderr).not.toContain('hunter2secret');
  });

  it('reports a bad file at once, without waiting for a server that never answers', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    // Waiting for the connection's timeout would outlast the test's own (the driver reads the process's environment).
    const timeout = process.env.PGCONNECT_TIMEOUT;
    process.env.PGCONNECT_TIMEOUT = '600';
    try {
      const bad = await run(undefined, ['apply', '-f', file(BAD), '--yes', '--database-url', `postgres://u:p@127.0.0.1:${port}/db`]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('access.yaml:');
    } finally {
      if (timeout === undefined) delete process.env.PGCONNECT_TIMEOUT;
      else process.env.PGCONNECT_TIMEOUT = timeout;
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  describe.skipIf(!pgServer())('on a real server', () => {
    it('closes the connection of a command refused for its file, and changes nothing', async () => {
      const t = await serverTarget('django');
      const before = await dumpAuth(t);
      for (let i = 0; i < 5; i++) {
        const bad = await run(t, ['apply', '-f', file(BAD), '--yes']);
        expect(bad.code).toBe(1);
      }
      // Closed once connected: the server ends each backend as its client goes.
      expect(await connectionsLeft(t)).toBe(0);
      expect(await dumpAuth(t)).toBe(before);
      expect((await run(t, ['apply', '-f', file(GOOD), '--yes'])).code).toBe(0);
      expect(await connectionsLeft(t)).toBe(0);
    });
  });
});
