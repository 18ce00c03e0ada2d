import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001DjangoAuth } from './0001-django-auth.js';
import { Migration0002ChangeLog } from './0002-change-log.js';

/** accessctl's own migrations, listed explicitly so the bundle needs no folder scan. */
export const MIGRATIONS: MigrationObject[] = [
  { name: '0001-django-auth', class: Migration0001DjangoAuth },
  { name: '0002-change-log', class: Migration0002ChangeLog },
];

/** The migration that creates Django's auth schema: never run on a database whose auth tables Django made. */
export const DJANGO_AUTH_MIGRATION = '0001-django-auth';

/** The migration that adds accessctl's change log: the only one run on a database Django made. */
export const CHANGE_LOG_MIGRATION = '0002-change-log';

/** Where accessctl records its migrations; never a table of Django's. */
export const MIGRATIONS_TABLE = 'accessctl_migrations';
