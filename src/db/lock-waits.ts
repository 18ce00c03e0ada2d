import pg from 'pg';
import { printable } from '../domain/text.js';
import { LockTimeout } from './errors.js';
import type { StatementWatch } from './sql.js';

export interface LockWaitOptions {
  /** Give up waiting for a lock after this many ms (PostgreSQL's lock_timeout; 0 waits for ever). */
  timeoutMs: number;
  /** Told who holds the lock a statement waits for. */
  onWait(message: string): void;
}

/** Who blocks a backend, from a second connection: "process 123 (application "psql", user "bob", idle in transaction)". */
async function blockers(connection: pg.ClientConfig, backendPid: number): Promise<string | undefined> {
  const side = new pg.Client({ ...connection, application_name: 'accessctl (lock check)', connectionTimeoutMillis: 5000 });
  side.on('error', () => undefined);
  try {
    await side.connect();
    const rows = (
      await side.query<{ pid: number; application_name: string; usename: string; state: string }>(
        `SELECT pid, application_name, usename, state FROM pg_stat_activity WHERE pid = ANY(pg_blocking_pids($1)) ORDER BY pid`,
        [backendPid],
      )
    ).rows;
    if (!rows.length) return undefined;
    return rows
      .map(
        (r) =>
          `process ${r.pid} (application ${JSON.stringify(printable(r.application_name || '?', 60))}, user ${JSON.stringify(printable(r.usename ?? '?', 60))}, ${printable(r.state ?? '?', 40)})`,
      )
      .join(', ');
  } catch {
    return undefined;
  } finally {
    await side.end().catch(() => undefined);
  }
}

/**
 * A statement that waits more than a second for a lock says who holds it; PostgreSQL's lock_timeout
 * ends the wait, and the transaction rolls back: nothing changed.
 */
export function lockWaitWatch(connection: pg.ClientConfig, options: LockWaitOptions): StatementWatch {
  let lastHolders: string | undefined;
  return {
    afterMs: 1000,
    onSlow(backendPid) {
      return blockers(connection, backendPid).then((holders) => {
        if (!holders) return;
        lastHolders = holders;
        const limit = options.timeoutMs > 0 ? ` (giving up after ${options.timeoutMs / 1000} s: --lock-timeout)` : '';
        options.onWait(`Waiting for a lock held by ${holders}${limit}…`);
      });
    },
    mapError(error) {
      if ((error as { code?: string })?.code !== '55P03') return error;
      const by = lastHolders ? ` held by ${lastHolders}` : '';
      return new LockTimeout(`gave up waiting for a lock${by} after ${options.timeoutMs / 1000} s (--lock-timeout); nothing was changed`);
    },
  };
}
