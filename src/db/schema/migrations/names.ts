/**
 * The names of accessctl's migrations, without their classes: reading which ran (check,
 * showmigrations) must not load MikroORM's migrator (~0.3 s of a server call).
 */
export const MIGRATION_NAMES = ['0001-django-auth', '0002-change-log'];

/** The migration that creates Django's auth schema: never run on a database whose auth tables Django made. */
export const DJANGO_AUTH_MIGRATION = '0001-django-auth';

/** The migration that adds accessctl's change log: the only one run on a database Django made. */
export const CHANGE_LOG_MIGRATION = '0002-change-log';

/** Where accessctl records its migrations; never a table of Django's. */
export const MIGRATIONS_TABLE = 'accessctl_migrations';
