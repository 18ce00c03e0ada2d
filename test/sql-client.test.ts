import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { QueryFailed } from '../src/db/errors.js';
import { one, pgServer, serverTarget } from './support/targets.js';

describe.skipIf(!pgServer())('the SQL client: one caller at a time per connection (server)', () => {
  it('a read made while a transaction is open waits for it, and never sees its uncommitted rows', async () => {
    const t = await serverTarget('django');
    const db = await Database.open({ kind: 'server', url: t.url ?? '' });
    try {
      let read: Promise<{ n: number }[]> | undefined;
      const failed = db.sql.transaction(async (tx) => {
        await tx.execute(`INSERT INTO auth_group (name) VALUES ('uncommitted')`);
        // Issued before the transaction's next statement: sharing the connection, it would run inside it.
        read = db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM auth_group`);
        await tx.query('SELECT 1');
        throw new Error('roll back');
      });
      await expect(failed).rejects.toThrow('roll back');
      expect(await read).toEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
  });

  it('concurrent calls each get their own answer, in order', async () => {
    const t = await serverTarget('empty');
    const db = await Database.open({ kind: 'server', url: t.url ?? '' });
    try {
      const answers = await Promise.all([1, 2, 3, 4, 5].map((i) => db.sql.query<{ i: number }>('SELECT $1::int AS i', [i])));
      expect(answers).toEqual([1, 2, 3, 4, 5].map((i) => [{ i }]));
    } finally {
      await db.close();
    }
  });

  // Rows of 10 kB (the server sends its buffer on as it fills), the fourth waiting for an advisory
  // lock that another session holds: the statement can end only after that session lets it go.
  const ROWS_THEN_LOCK = `SELECT i, repeat('x', 10000) AS pad, CASE WHEN i = 4 THEN pg_advisory_lock(424242)::text END AS waited FROM generate_series(1, 4) i`;

  /** A session of its own that holds the advisory lock until told to let it go. */
  async function lockHolder(url: string) {
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock(424242)');
    return {
      release: () => holder.query('SELECT pg_advisory_unlock(424242)'),
      /** Whether the backend waits for a lock now. */
      waits: async (pid: number) =>
        (await holder.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'`, [pid])).rows[0]!.n === 1,
      end: () => holder.end(),
    };
  }

  for (const [label, query] of [
    ['', ''],
    [' (with a query_timeout in the URL)', '?query_timeout=60000'],
  ]) {
    it(`queryEach hands over each row as it arrives, and raises a failed statement as the driver's error${label}`, async () => {
      const t = await serverTarget('empty');
      const holder = await lockHolder(t.url!);
      const db = await Database.open({ kind: 'server', url: `${t.url}${query}` });
      try {
        // The first row releases the lock the last one waits for: kept until the end, it would wait forever.
        const seen: number[] = [];
        await db.sql.queryEach<{ i: number }>(ROWS_THEN_LOCK, [], (row) => {
          if (seen.push(row.i) === 1) void holder.release();
        });
        expect(seen).toEqual([1, 2, 3, 4]);
        await expect(db.sql.queryEach('SELECT 1 / (i - 3) FROM generate_series(1, 5) i', [], () => undefined)).rejects.toBeInstanceOf(QueryFailed);
        expect(await db.sql.query<{ n: number }>('SELECT 42 AS n')).toEqual([{ n: 42 }]);
        const inTransaction: number[] = [];
        await db.sql.transaction((tx) => tx.queryEach<{ i: number }>('SELECT i FROM generate_series(1, 3) i', [], (row) => inTransaction.push(row.i)));
        expect(inTransaction).toEqual([1, 2, 3]);
      } finally {
        await db.close();
        await holder.end();
      }
    });
  }

  it('a throw of the row callback is raised as it is, once the statement has ended, and the connection goes on', async () => {
    const t = await serverTarget('empty');
    const holder = await lockHolder(t.url!);
    const db = await Database.open({ kind: 'server', url: t.url! });
    try {
      const { pid } = one(await db.sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'));
      // Its message names a connection: still the callback's own error, not a lost connection.
      const thrown = new Error('a row whose connection is not liked');
      let calls = 0;
      let settled = false;
      const reading = db.sql.queryEach(ROWS_THEN_LOCK, [], () => {
        calls++;
        throw thrown;
      });
      void reading.catch(() => undefined).finally(() => (settled = true));
      while (!(await holder.waits(pid))) await new Promise((resolve) => setImmediate(resolve));
      // The statement still runs (its last row waits for the lock): not settled yet.
      expect(settled).toBe(false);
      await holder.release();
      await expect(reading).rejects.toBe(thrown);
      expect(calls).toBe(1);
      expect(await db.sql.query<{ n: number }>('SELECT 42 AS n')).toEqual([{ n: 42 }]);
    } finally {
      await db.close();
      await holder.end();
    }
  });
});
