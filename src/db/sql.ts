import pg from 'pg';
import { DatabaseError, DatabaseUnavailable, QueryFailed } from './errors.js';

/** The one way the db layer talks to PostgreSQL: parameterised queries and transactions on one connection. */
export interface SqlClient {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * Runs a statement and hands each row to onRow as it arrives, keeping none: a large result is
   * taken apart while the server still makes the rest.
   */
  queryEach<T = Record<string, unknown>>(text: string, params: unknown[], onRow: (row: T) => void): Promise<void>;
  /** Runs a statement and returns how many rows it affected. */
  execute(text: string, params?: unknown[]): Promise<number>;
  /** Runs fn in one transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
}

export interface StatementWatch {
  /** A statement still runs after this many ms: `onSlow` finds out whether it waits for a lock. */
  afterMs: number;
  onSlow(backendPid: number): Promise<void>;
  /** Turns a driver error into the error to report (a lock timeout into a clear message). */
  mapError(error: unknown): unknown;
}

/** Runs tasks one after another, each when the previous one has settled. */
class Queue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** The driver's errors as the db layer's own: a statement the server refused, or a lost connection. */
function asDatabaseError(error: unknown): unknown {
  if (error instanceof DatabaseError) return error;
  if (error instanceof pg.DatabaseError) return new QueryFailed(error.message, error.code, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if ((typeof code === 'string' && /^E[A-Z]+$/.test(code)) || /connection|not queryable/i.test(message)) {
    return new DatabaseUnavailable(`lost the connection to the database: ${message}`, { cause: error });
  }
  return error;
}

/**
 * One pg connection used by one caller at a time: calls are queued (pg deprecates concurrent
 * queries on a client), and a transaction holds the connection until it ends, so that a read made
 * meanwhile (a console screen loading) waits instead of running inside someone else's transaction.
 */
export class PgSqlClient implements SqlClient {
  private readonly queue = new Queue();

  constructor(
    readonly client: pg.Client,
    private readonly watch?: StatementWatch,
  ) {}

  /** Sends one statement; with onRow, its rows go there as they arrive instead of into the result. */
  private async send(text: string, params?: unknown[], onRow?: (row: unknown) => void): Promise<pg.QueryResult> {
    const watch = this.watch;
    let looking: Promise<void> | undefined;
    const timer = watch && setTimeout(() => (looking = watch.onSlow((this.client as unknown as { processID: number }).processID)), watch.afterMs);
    try {
      return await (onRow ? streamRows(this.client, text, params, onRow) : this.client.query(text, params as unknown[]));
    } catch (error) {
      if (error instanceof RowCallbackFailed) throw error.error;
      await looking; // The error names who held the lock, once that is known.
      throw asDatabaseError(watch ? watch.mapError(error) : error);
    } finally {
      clearTimeout(timer);
    }
  }

  query<T>(text: string, params?: unknown[]): Promise<T[]> {
    return this.queue.run(async () => (await this.send(text, params)).rows as T[]);
  }

  queryEach<T>(text: string, params: unknown[], onRow: (row: T) => void): Promise<void> {
    return this.queue.run(async () => void (await this.send(text, params, onRow as (row: unknown) => void)));
  }

  execute(text: string, params?: unknown[]): Promise<number> {
    return this.queue.run(async () => (await this.send(text, params)).rowCount ?? 0);
  }

  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      await this.send('BEGIN');
      try {
        const result = await fn(this.inTransaction());
        await this.send('COMMIT');
        return result;
      } catch (error) {
        await this.send('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  /** The connection as seen inside an open transaction: its calls queue among themselves; a nested transaction joins this one. */
  private inTransaction(): SqlClient {
    const queue = new Queue();
    const tx: SqlClient = {
      query: async <T>(text: string, params?: unknown[]) => queue.run(async () => (await this.send(text, params)).rows as T[]),
      queryEach: async <T>(text: string, params: unknown[], onRow: (row: T) => void) =>
        queue.run(async () => void (await this.send(text, params, onRow as (row: unknown) => void))),
      execute: async (text, params) => queue.run(async () => (await this.send(text, params)).rowCount ?? 0),
      transaction: (inner) => inner(tx),
    };
    return tx;
  }
}

/** onRow's own error, kept apart from the driver's: it is raised as it is, never as a database error. */
class RowCallbackFailed {
  constructor(readonly error: unknown) {}
}

/**
 * pg's Query, keeping none of its rows: each goes to the 'row' listener only. (pg keeps them when the
 * query has a callback, and it must have one: with a `query_timeout` pg settles it only through one.)
 */
class StreamedQuery extends pg.Query {
  handleRowDescription(message: unknown): void {
    (pg.Query.prototype as unknown as { handleRowDescription(message: unknown): void }).handleRowDescription.call(this, message);
    (this as unknown as { _accumulateRows: boolean })._accumulateRows = false;
  }
}

/**
 * A statement's rows one by one. A throw of onRow ends the statement's use of the rows, not the
 * connection: the rest is read and dropped, and the throw is raised once the statement has ended.
 */
function streamRows(client: pg.Client, text: string, params: unknown[] | undefined, onRow: (row: unknown) => void): Promise<pg.QueryResult> {
  return new Promise((resolve, reject) => {
    let failed: RowCallbackFailed | undefined;
    const query = new StreamedQuery(text, params, (error: Error | undefined, result: pg.QueryResult) => {
      if (failed) reject(failed);
      else if (error) reject(error);
      else resolve(result);
    });
    query.on('row', (row: unknown) => {
      if (failed) return;
      try {
        onRow(row);
      } catch (error) {
        failed = new RowCallbackFailed(error);
      }
    });
    client.query(query);
  });
}
