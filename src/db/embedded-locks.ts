/**
 * An embedded database has two locks beside its folder. `DIR.lock` is held by the one process that has
 * PGlite open on it (a command, or the keeper that keeps it open between commands): two PGlites on one
 * folder silently lose writes, and accessctl releases before the keeper know this lock alone.
 * `DIR.session.lock` is held by the one command using the database, whichever process has it open.
 */
export const ownerLockPath = (dataDir: string) => `${dataDir}.lock`;
export const sessionLockPath = (dataDir: string) => `${dataDir}.session.lock`;
