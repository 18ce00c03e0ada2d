import pg from 'pg';
import type { BrowseQueries, StateReader } from '../domain/ports.js';
import { printable, quoted } from '../domain/text.js';
import { sqlAccessStore, sqlStateReader, type RecordedAccessStore } from './access-store.js';
import type { ChangeJournal } from './change-log.js';
import { sqlChangeLogReader } from './change-log-queries.js';
import type { ChangeLogReader } from '../domain/audit/record.js';
import { connectionError } from './connection-error.js';
import { DatabaseError, InvalidDatabaseUrl, SchemaNotFound } from './errors.js';
import type { EmbeddedServer } from './embedded.js';
import { serverConnection } from './connection-url.js';
import { clientConfig, connectClient, connectServer, endSession, type ServerTls } from './server-client.js';
import { lockWaitWatch } from './lock-waits.js';
import { maskUrl } from './mask.js';
import { sqlBrowseQueries } from './queries/browse.js';
import { PgSqlClient, type SqlClient } from './sql.js';
import type { DatabaseTarget } from './target.js';
import { loadUserModel, type UserModelSettings } from './user-model.js';
import type { UserModel } from '../domain/user-model.js';

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
  /** How long the embedded database stays open for the next command (ms; 0: closed at the end of this one). */
  keepOpenMs?: number;
  /** The schema Django's tables are in (search_path); default: the URL's options, else public. */
  schema?: string;
  /** How the project names its user model (AUTH_USER_MODEL). */
  userModel?: UserModelSettings;
}

/** The embedded database's one role and database; its host and port exist once it is served on a socket. */
const EMBEDDED_LOGIN: ConnectionSettings = { user: 'postgres', database: 'postgres' };

/** The advisory lock key that serialises `migrate` on a server (arbitrary, fixed: "accessctl" in ASCII). */
const MIGRATION_LOCK = '107079497249651';

/** An open database: one SQL connection, plus what MikroORM needs to reach the same database. */
export class Database {
  private client?: pg.Client;
  private sqlClient?: SqlClient;
  /** The TLS settings the connection to a server settled on (libpq's prefer falls back to none). */
  private tls?: ServerTls;
  private model?: Promise<UserModel>;

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
    // Loaded only here: a server command has no use for the keeper's child_process and readline.
    const { openEmbedded } = await import('./embedded-open.js');
    const embedded = await openEmbedded(target.dataDir, { waitMs: options.wait ? timeout || Infinity : 0, onWait: options.onWait, keepOpenMs: options.keepOpenMs ?? 0 });
    const db = new Database(target, EMBEDDED_LOGIN, `embedded database ${printable(target.dataDir)}`, embedded, options);
    try {
      await db.connect();
    } catch (error) {
      await embedded.stop();
      throw error;
    }
    return db;
  }

  /** The configured AUTH_USER_MODEL when it is not Django's auth.User (undefined for auth.User). */
  get customUserModel(): string | undefined {
    const settings = this.options.userModel;
    const label = settings?.label;
    if (settings?.tables?.user && settings.tables.user !== 'auth_user') return label ?? settings.tables.user;
    return label && label.toLowerCase() !== 'auth.user' ? label : undefined;
  }

  /** The project's user model as this database holds it: read once, on first use. */
  userModel(): Promise<UserModel> {
    this.model ??= loadUserModel(this.sql, this.options.userModel);
    return this.model;
  }

  get sql(): SqlClient {
    if (!this.sqlClient) throw new Error('database connection is closed');
    return this.sqlClient;
  }

  /** Where a plan is applied, fit to print: "postgres://user:***@host:5432/db" or "the embedded database at PATH". */
  get where(): string {
    return this.target.kind === 'server' ? maskUrl(this.target.url) : `the embedded database at ${this.target.dataDir}`;
  }

  /** The auth tables as the plan engine reads them (planning, export, graph). */
  get access(): StateReader {
    return sqlStateReader(this.sql, () => this.userModel());
  }

  /** The auth tables as the plan engine writes them: every plan is recorded by the journal in its transaction. */
  recordedAccess(journal: ChangeJournal): RecordedAccessStore {
    return sqlAccessStore(this.sql, journal, () => this.userModel());
  }

  /** The change log, to read. */
  get changeLog(): ChangeLogReader {
    return sqlChangeLogReader(this.sql);
  }

  /** The console's read models. */
  get browse(): BrowseQueries {
    return sqlBrowseQueries(this.sql, () => this.userModel());
  }

  get isEmbedded(): boolean {
    return this.target.kind === 'embedded';
  }

  /** The connection's password as it may appear in a shown object (as given, and as the URL encodes it), for masking. */
  get secrets(): string[] {
    const password = this.passwordOf();
    if (!password) return [];
    let encoded: string | undefined;
    try {
      encoded = this.settings.clientUrl ? new URL(this.settings.clientUrl).password : undefined;
    } catch {
      encoded = undefined;
    }
    return [...new Set([password, encoded, encodeURIComponent(password)])].filter((secret): secret is string => Boolean(secret));
  }

  private passwordOf(): string | undefined {
    if (!this.settings.clientUrl) return this.settings.password;
    try {
      return decodeURIComponent(new URL(this.settings.clientUrl).password) || undefined;
    } catch {
      return undefined;
    }
  }

  /** A new client, connected: to a server with TLS as its URL says (server-client.ts), or to the embedded database. */
  private async openClient(applicationName: string): Promise<pg.Client> {
    const url = this.settings.clientUrl;
    if (!url) {
      // The embedded database: in this process (no socket, no login between) or its keeper's socket.
      const connect = (extra: pg.ClientConfig = {}) => connectClient(clientConfig({ ...this.settings, ...extra }, applicationName));
      return (this.embedded ? this.embedded.connect(connect) : connect()).catch((error: unknown) => {
        if (error instanceof DatabaseError) throw error; // The keeper's own (its lock held, its start failed).
        throw connectionError(error, this.label);
      });
    }
    try {
      const { client, tls } = await connectServer(url, applicationName);
      this.tls = tls;
      return client;
    } catch (error) {
      if (error instanceof InvalidDatabaseUrl) throw error;
      throw connectionError(error, this.label, this.passwordOf());
    }
  }

  /**
   * How other clients of this process (the lock check, MikroORM) reach the server: the URL without its
   * TLS parameters, and the TLS the first connection settled on (libpq's prefer decides once).
   */
  private sideConnection(): pg.ClientConfig {
    if (!this.settings.clientUrl) return this.settings;
    return { connectionString: serverConnection(this.settings.clientUrl).connectionString, ssl: this.tls ?? false };
  }

  private async connect(): Promise<void> {
    const client = await this.openClient('accessctl');
    this.client = client;
    // The embedded database has one connection and one process: nobody else can hold a lock there.
    if (this.embedded) this.sqlClient = new PgSqlClient(client);
    else {
      const timeoutMs = this.options.lockTimeoutMs ?? 30_000;
      // JIT compiling (PostgreSQL 11+) took 60–180 ms of a 0.3–1 s read of 100,000 users and saves
      // nothing on statements this short; set_config, not SET, so that an older server skips it.
      await client.query(
        `SET lock_timeout = ${Math.round(timeoutMs)}; SELECT set_config('jit', 'off', false) WHERE current_setting('server_version_num')::int >= 110000`,
      );
      this.sqlClient = new PgSqlClient(client, lockWaitWatch(this.sideConnection(), { timeoutMs, onWait: (message) => this.options.onWait?.(message) }));
    }
    if (this.options.schema !== undefined) await this.useSchema(this.options.schema);
  }

  /** Puts the schema first on the search path, as Django's `options=-c search_path=…` does. */
  private async useSchema(schema: string): Promise<void> {
    const [row] = await this.sql.query<{ found: boolean }>(`SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS found`, [schema]);
    if (!row?.found) {
      await this.disconnect();
      throw new SchemaNotFound(`schema ${quoted(schema)} does not exist in ${this.label}`);
    }
    await this.sql.query(`SELECT set_config('search_path', quote_ident($1), false)`, [schema]);
  }

  /**
   * Ends this process's session. A server's is over once its Terminate is sent; `untilGone` waits
   * for the server to close it too, for a connection that follows at once: a role's CONNECTION
   * LIMIT or a full max_connections counts the backend until it has gone.
   */
  private async disconnect(untilGone = false): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.sqlClient = undefined;
    if (!client) return;
    // The keeper resets the session once its socket is closed, before it serves the next command.
    if (this.embedded || untilGone) await client.end().catch(() => undefined);
    else await endSession(client);
  }

  /** How a client of its own (MikroORM, psql) reaches this database: the embedded one is served on a socket for it. */
  private async reachable(): Promise<ConnectionSettings> {
    if (!this.embedded) return this.settings;
    const { socketDir, port } = await this.embedded.serve();
    return { ...this.settings, host: socketDir, port };
  }

  /**
   * Runs fn with a MikroORM instance on this database. The SQL connection is closed meanwhile:
   * the embedded server has one backend, and a second connection would share its transaction.
   * Meanwhile `sql` runs on the ORM's connection, so both can be used.
   */
  async withOrm<T>(fn: (orm: import('@mikro-orm/postgresql').MikroORM) => Promise<T>, userEntities?: unknown[]): Promise<T> {
    const [{ openOrm }, { OrmSqlClient }] = await Promise.all([import('./orm.js'), import('./orm-sql.js')]);
    await this.disconnect(true);
    try {
      const orm = await openOrm(await this.reachable(), this.tls, userEntities);
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
    await this.disconnect(true);
    try {
      return await fn(await this.reachable());
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
    const client = await this.openClient('accessctl migrate lock');
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
