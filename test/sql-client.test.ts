import { describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
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
});
