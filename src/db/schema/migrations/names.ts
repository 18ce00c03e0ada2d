/**
 * accessctl's migrations by name, in order: what a database's schema check needs, without loading
 * MikroORM (its migrator costs ~0.1 s at every start; it loads only when a migration runs).
 */
export const MIGRATION_NAMES = ['0001-django-auth', '0002-change-log'] as const;

/** The migration that creates Django's auth schema: never run on a database whose auth tables Django made. */
export const DJANGO_AUTH_MIGRATION = '0001-django-auth';

/** The migration that adds accessctl's change log: the only one run on a database Django made. */
export const CHANGE_LOG_MIGRATION = '0002-change-log';

/** Where accessctl records its migrations; never a table of Django's. */
export const MIGRATIONS_TABLE = 'accessctl_migrations';
