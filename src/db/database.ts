import pg from 'pg';
import type { AccessStore, BrowseQueries } from '../domain/ports.js';
import { sqlAccessStore } from './access-store.js';
import { connectionError } from './connection-error.js';
import { InvalidDatabaseUrl } from './errors.js';
import { startEmbedded, type EmbeddedServer } from './embedded.js';
import { maskUrl } from './mask.js';
import { sqlBrowseQueries } from './queries/browse.js';
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

/** The advisory lock key that serialises `migrate` on a server (arbitrary, fixed: "accessctl" in ASCII). */
const MIGRATION_LOCK = '107079497249651';

/** An open database: one SQL connection, plus what MikroORM needs to reach the same database. */
export class Database {
  private client?: pg.Client;
  private sqlClient?: PgSqlClient;

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
        throw new InvalidDatabaseUrl(`invalid database URL ${JSON.stringify(maskUrl(target.url))}: expected postgres://USER:PASSWORD@HOST:PORT/DATABASE`);
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

  /** Where a plan is applied, fit to print: "postgres://user:***@host:5432/db" or "the embedded database at PATH". */
  get where(): string {
    return this.target.kind === 'server' ? maskUrl(this.target.url) : `the embedded database at ${this.target.dataDir}`;
  }

  /** The auth tables as the plan engine reads and writes them. */
  get access(): AccessStore {
    return sqlAccessStore(this.sql);
  }

  /** The console's read models. */
  get browse(): BrowseQueries {
    return sqlBrowseQueries(this.sql);
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
   */
  async withOrm<T>(fn: (orm: import('@mikro-orm/postgresql').MikroORM) => Promise<T>): Promise<T> {
    const { openOrm } = await import('./orm.js');
    await this.disconnect();
    try {
      const orm = await openOrm(this.settings);
      try {
        return await fn(orm);
      } finally {
        await orm.close(true);
      }
    } finally {
      await this.connect();
    }
  }

  /**
   * Runs fn while holding the migration lock of this database, so that processes migrating at once
   * take turns: each checks the schema after the one before it finished, and says what it found.
   * The lock is held on a connection of its own (withOrm closes the main one). One process at a
   * time may use an embedded database anyway.
   */
  async withMigrationLock<T>(fn: () => Promise<T>): Promise<T> {
    if (this.isEmbedded) return fn();
    const client = new pg.Client({ connectionString: this.settings.clientUrl, application_name: 'accessctl migrate lock' });
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw connectionError(error, this.label, this.passwordOf());
    }
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      return await fn();
    } finally {
      // Ending the session releases the lock even if the unlock is never sent.
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      await client.end().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.disconnect();
    await this.embedded?.stop();
  }
}
