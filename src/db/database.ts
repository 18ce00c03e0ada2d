import pg from 'pg';
import { CommandError } from '../framework/errors.js';
import { connectionError } from './connection-error.js';
import { startEmbedded, type EmbeddedServer } from './embedded.js';
import { maskUrl } from './mask.js';
import { PgSqlClient, type SqlClient } from './sql.js';
import type { DatabaseTarget } from './target.js';

export interface ConnectionSettings {
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  clientUrl?: string;
}

/** An open database: one SQL connection, plus what MikroORM needs to reach the same database. */
export class Database {
  private client?: pg.Client;
  private sqlClient?: SqlClient;

  private constructor(
    readonly target: DatabaseTarget,
    readonly settings: ConnectionSettings,
    /** Printable: a URL with its password masked, or the embedded data folder. */
    readonly label: string,
    private readonly embedded?: EmbeddedServer,
  ) {}

  static async open(target: DatabaseTarget): Promise<Database> {
    if (target.kind === 'server') {
      if (!/^postgres(ql)?:\/\//.test(target.url)) {
        throw new CommandError(`invalid database URL ${JSON.stringify(maskUrl(target.url))}: expected postgres://USER:PASSWORD@HOST:PORT/DATABASE`);
      }
      const db = new Database(target, { clientUrl: target.url }, maskUrl(target.url));
      await db.connect();
      return db;
    }
    const embedded = await startEmbedded(target.dataDir);
    const settings = { host: embedded.socketDir, port: embedded.port, user: 'postgres', database: 'postgres' };
    const db = new Database(target, settings, `embedded database ${target.dataDir}`, embedded);
    try {
      await db.connect();
    } catch (error) {
      await embedded.stop();
      throw error;
    }
    return db;
  }

  get sql(): SqlClient {
    if (!this.sqlClient) throw new Error('database connection is closed');
    return this.sqlClient;
  }

  get isEmbedded(): boolean {
    return this.target.kind === 'embedded';
  }

  private passwordOf(): string | undefined {
    if (!this.settings.clientUrl) return this.settings.password;
    try {
      return decodeURIComponent(new URL(this.settings.clientUrl).password) || undefined;
    } catch {
      return undefined;
    }
  }

  private async connect(): Promise<void> {
    const timeoutSeconds = Number(process.env.PGCONNECT_TIMEOUT ?? 10);
    const client = new pg.Client({
      ...(this.settings.clientUrl ? { connectionString: this.settings.clientUrl } : this.settings),
      connectionTimeoutMillis: timeoutSeconds * 1000,
      application_name: 'accessctl',
    });
    // A dropped connection surfaces on the next query; an unhandled 'error' event would crash the process.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw connectionError(error, this.label, this.passwordOf());
    }
    this.client = client;
    this.sqlClient = new PgSqlClient(client);
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.sqlClient = undefined;
    await client?.end().catch(() => undefined);
  }

  /**
   * Runs fn with a MikroORM instance on this database. The SQL connection is closed meanwhile:
   * the embedded server has one backend, and a second connection would share its transaction.
   * Meanwhile `sql` runs on the ORM's connection, so both can be used.
   */
  async withOrm<T>(fn: (orm: import('@mikro-orm/postgresql').MikroORM) => Promise<T>): Promise<T> {
    const [{ openOrm }, { OrmSqlClient }] = await Promise.all([import('./orm.js'), import('./orm-sql.js')]);
    await this.disconnect();
    try {
      const orm = await openOrm(this.settings);
      this.sqlClient = new OrmSqlClient(orm);
      try {
        return await fn(orm);
      } finally {
        this.sqlClient = undefined;
        await orm.close(true);
      }
    } finally {
      await this.connect();
    }
  }

  /**
   * Runs fn with the connection settings while this process holds no connection, so that another
   * client (psql) can have the embedded server's one connection. The embedded database stays served
   * and locked until fn returns.
   */
  async handOver<T>(fn: (settings: ConnectionSettings) => Promise<T>): Promise<T> {
    await this.disconnect();
    try {
      return await fn(this.settings);
    } finally {
      await this.connect();
    }
  }

  async close(): Promise<void> {
    await this.disconnect();
    await this.embedded?.stop();
  }
}
