import type pg from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import { PgSqlClient, type SqlClient } from './sql.js';

interface ConnectionPool {
  acquireConnection(): Promise<pg.Client>;
  releaseConnection(connection: pg.Client): Promise<unknown>;
}

/**
 * The SqlClient while MikroORM is open: each call borrows the ORM's one pooled connection, so that
 * raw SQL, the plan pipeline and the EntityManager share the embedded server's single backend.
 * A transaction keeps the connection until it ends; the ORM waits for it meanwhile.
 */
export class OrmSqlClient implements SqlClient {
  constructor(private readonly orm: MikroORM) {}

  private get pool(): ConnectionPool {
    return this.orm.em.getConnection().getKnex().client as unknown as ConnectionPool;
  }

  private async borrow<T>(fn: (client: PgSqlClient) => Promise<T>): Promise<T> {
    const pool = this.pool;
    const connection = await pool.acquireConnection();
    try {
      return await fn(new PgSqlClient(connection));
    } finally {
      await pool.releaseConnection(connection);
    }
  }

  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]> {
    return this.borrow((client) => client.query<T>(text, params));
  }

  queryEach<T = Record<string, unknown>>(text: string, params: unknown[], onRow: (row: T) => void): Promise<void> {
    return this.borrow((client) => client.queryEach<T>(text, params, onRow));
  }

  execute(text: string, params?: unknown[]): Promise<number> {
    return this.borrow((client) => client.execute(text, params));
  }

  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    return this.borrow((client) => client.transaction(fn));
  }
}
