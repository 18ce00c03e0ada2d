/**
 * What goes wrong at the database, for its user to act on (not a bug in accessctl): each is one
 * line. The framework turns them into messages and exit codes.
 */
export class DatabaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The server cannot be reached, refused us, or dropped the connection. */
export class DatabaseUnavailable extends DatabaseError {}

/** --database-url / DATABASE_URL is not a postgres:// URL (the text is already masked). */
export class InvalidDatabaseUrl extends DatabaseError {}

/** Another process holds the embedded database. */
export class LockHeld extends DatabaseError {}

/** The auth schema is incomplete and accessctl will not change tables it did not create. */
export class SchemaIncomplete extends DatabaseError {}

/** A statement the server refused; `code` is PostgreSQL's SQLSTATE (42P01: a table is missing). */
export class QueryFailed extends DatabaseError {
  constructor(
    message: string,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A write touched other rows than the plan named: the plan no longer fits; the transaction rolls back. */
export class PlanMismatch extends DatabaseError {}

/** The configured (or default) user model does not fit the database: says which setting to give. */
export class UserModelMismatch extends DatabaseError {}

/** The schema named by --schema or the config file is not in the database. */
export class SchemaNotFound extends DatabaseError {}

/** The database has no change log and the settings require one: nothing is applied unrecorded. */
export class ChangeLogMissing extends DatabaseError {}

/** --actor names no Django user, or the database has no admin history to write to. */
export class UnusableActor extends DatabaseError {}
/** Waiting for a lock took longer than --lock-timeout; the transaction rolled back. */
export class LockTimeout extends DatabaseError {}

/** Rows of other tables point at an object the plan removes, and only Django knows their on_delete rule. */
export class StillReferenced extends DatabaseError {}
