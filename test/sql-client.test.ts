import { describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { QueryFailed } from '../src/db/errors.js';
import { pgServer, serverTarget } from './support/targets.js';

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

  it('queryEach hands over the rows one by one as they come; a throw of its callback or a failed statement leaves the connection usable', async () => {
    const t = await serverTarget('empty');
    const db = await Database.open({ kind: 'server', url: t.url ?? '' });
    try {
      const seen: number[] = [];
      await db.sql.queryEach<{ i: number }>('SELECT i FROM generate_series(1, $1::int) i', [5], (row) => seen.push(row.i));
      expect(seen).toEqual([1, 2, 3, 4, 5]);
      let calls = 0;
      const thrown = db.sql.queryEach('SELECT i FROM generate_series(1, 1000) i', [], () => {
        calls++;
        throw new Error('bad row');
      });
      await expect(thrown).rejects.toThrow('bad row');
      expect(calls).toBe(1);
      await expect(db.sql.queryEach('SELECT 1 / (i - 3) FROM generate_series(1, 5) i', [], () => undefined)).rejects.toBeInstanceOf(QueryFailed);
      expect(await db.sql.query<{ n: number }>('SELECT 42 AS n')).toEqual([{ n: 42 }]);
      const inTransaction: number[] = [];
      await db.sql.transaction((tx) => tx.queryEach<{ i: number }>('SELECT i FROM generate_series(1, 3) i', [], (row) => inTransaction.push(row.i)));
      expect(inTransaction).toEqual([1, 2, 3]);
    } finally {
      await db.close();
    }
  });
});
