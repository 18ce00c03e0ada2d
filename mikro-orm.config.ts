import type { ConnectionOptions } from 'node:tls';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { ConnectionSettings } from './src/db/database.js';
import { ENTITIES, User, UserGroup, UserPermission } from './src/db/entities/index.js';
import { CHANGE_LOG_TABLE } from './src/db/schema/change-log-ddl.js';
import { MIGRATIONS, MIGRATIONS_TABLE } from './src/db/schema/migrations/index.js';

/** Django's auth.User entities: a project's own user model replaces them (see user-model-entities.ts). */
const USER_ENTITIES = new Set<unknown>([User, UserGroup, UserPermission]);

/** Every table that is not accessctl's own: MikroORM's schema tools must never diff, alter or drop them. */
export const NOT_OURS = /^(?!accessctl_)/;

/**
 * The ORM configuration, passed explicitly (MikroORM would otherwise look for a config file and
 * read `--config` from argv). Driver, Migrator and migrations are named for the bundle's sake.
 */
/** `tls`: what the process's first connection settled on (MikroORM reads only host, port, user and database from a URL). */
export function ormConfig(connection: ConnectionSettings, tls?: false | ConnectionOptions, userEntities?: unknown[]) {
  return defineConfig({
    driver: PostgreSqlDriver,
    ...connection,
    dbName: connection.database,
    entities: userEntities ? [...ENTITIES.filter((e) => !USER_ENTITIES.has(e)), ...(userEntities as typeof ENTITIES)] : ENTITIES,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: false },
    // One connection: the embedded server has a single backend.
    pool: { min: 0, max: 1 },
    migrations: { tableName: MIGRATIONS_TABLE, migrationsList: MIGRATIONS, transactional: true, allOrNothing: true, snapshot: false, silent: true },
    // The change log is written with SQL, not through an entity: the schema tools must not drop it either.
    schemaGenerator: { skipTables: [NOT_OURS, CHANGE_LOG_TABLE] },
    allowGlobalContext: true,
    debug: false,
    ...(tls ? { driverOptions: { connection: { ssl: tls } } } : {}),
  });
}

/** For MikroORM's own CLI (`npx mikro-orm`): the server named by DATABASE_URL. */
export default ormConfig({ clientUrl: process.env.DATABASE_URL });
