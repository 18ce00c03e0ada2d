import pg from 'pg';
import type { AccessStore, BrowseQueries } from '../domain/ports.js';
import { printable, quoted } from '../domain/text.js';
import { sqlAccessStore } from './access-store.js';
import { connectionError } from './connection-error.js';
import { InvalidDatabaseUrl } from './errors.js';
import { startEmbedded, type EmbeddedServer } from './embedded.js';
import { lockWaitWatch } from './lock-waits.js';
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

export interface OpenOptions {
  /** How long to wait for a lock: a server's table locks, and with `wait` the embedded database's (ms; 0: for ever). */
  lockTimeoutMs?: number;
  /** Wait for the embedded database when another process uses it (else say so at once). */
  wait?: boolean;
  /** Told when a wait for a lock begins, and who holds it. */
  onWait?(message: string): void;
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
    private readonly options: OpenOptions = {},
  ) {}

  static async open(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
    if (target.kind === 'server') {
      if (!/^postgres(ql)?:\/\//.test(target.url)) {
        throw new InvalidDatabaseUrl(`invalid database URL ${quoted(maskUrl(target.url))}: expected postgres://USER:PASSWORD@HOST:PORT/DATABASE`);
      }
      const unreadable = urlProblem(target.url);
      if (unreadable) throw new InvalidDatabaseUrl(`invalid database URL ${quoted(maskUrl(target.url))}: ${unreadable}`);
      const db = new Database(target, { clientUrl: target.url }, maskUrl(target.url), undefined, options);
      await db.connect();
      return db;
    }
    const timeout = options.lockTimeoutMs ?? 30_000;
    const embedded = await startEmbedded(target.dataDir, { waitMs: options.wait ? timeout || Infinity : 0, onWait: options.onWait });
    const settings = { host: embedded.socketDir, port: embedded.port, user: 'postgres', database: 'postgres' };
    const db = new Database(target, settings, `embedded database ${printable(target.dataDir)}`, embedded, options);
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
    // The embedded database has one connection and one process: nobody else can hold a lock there.
    if (this.embedded) this.sqlClient = new PgSqlClient(client);
    else {
      const timeoutMs = this.options.lockTimeoutMs ?? 30_000;
      await client.query(`SET lock_timeout = ${Math.round(timeoutMs)}`);
      const connection = this.settings.clientUrl ? { connectionString: this.settings.clientUrl } : this.settings;
      this.sqlClient = new PgSqlClient(client, lockWaitWatch(connection, { timeoutMs, onWait: (message) => this.options.onWait?.(message) }));
    }
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

const PERCENT_ENCODE = 'a password (or user name) holding / # ? @ : or % must be percent-encoded (/ as %2F, # as %23, ? as %3F, @ as %40, : as %3A, % as %25)';

/**
 * Why a postgres:// URL cannot be read as the user meant it. An unencoded `/` or `#` in the password
 * either breaks the URL or moves the rest of it into the path or fragment, where an `@` then shows.
 */
function urlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `it cannot be read as a URL; ${PERCENT_ENCODE}`;
  }
  if (/@/.test(parsed.pathname + parsed.search + parsed.hash)) return `the part after the host holds an @; ${PERCENT_ENCODE}`;
  return undefined;
}
