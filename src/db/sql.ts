import pg from 'pg';

/** The one way the domain talks to PostgreSQL: parameterised queries and transactions on one connection. */
export interface SqlClient {
  query<T = Record<string, any>>(text: string, params?: unknown[]): Promise<T[]>;
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

export class PgSqlClient implements SqlClient {
  private inTransaction = false;

  constructor(
    readonly client: pg.Client,
    private readonly watch?: StatementWatch,
  ) {}

  private async run(text: string, params?: unknown[]): Promise<pg.QueryResult> {
    if (!this.watch) return this.client.query(text, params as any[]);
    const { afterMs, onSlow, mapError } = this.watch;
    let looking: Promise<void> | undefined;
    const timer = setTimeout(() => (looking = onSlow((this.client as unknown as { processID: number }).processID)), afterMs);
    try {
      return await this.client.query(text, params as any[]);
    } catch (error) {
      await looking; // The error names who held the lock, once that is known.
      throw mapError(error);
    } finally {
      clearTimeout(timer);
    }
  }

  async query<T>(text: string, params?: unknown[]): Promise<T[]> {
    const result = await this.run(text, params);
    return result.rows as T[];
  }

  async execute(text: string, params?: unknown[]): Promise<number> {
    const result = await this.run(text, params);
    return result.rowCount ?? 0;
  }

  async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    // One connection only (the embedded server has one backend): nested calls join the open transaction.
    if (this.inTransaction) return fn(this);
    await this.client.query('BEGIN');
    this.inTransaction = true;
    try {
      const result = await fn(this);
      await this.client.query('COMMIT');
      return result;
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      this.inTransaction = false;
    }
  }
}
