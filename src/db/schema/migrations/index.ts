import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001DjangoAuth } from './0001-django-auth.js';
import { Migration0002ChangeLog } from './0002-change-log.js';
import { CHANGE_LOG_MIGRATION, DJANGO_AUTH_MIGRATION } from './names.js';

export { CHANGE_LOG_MIGRATION, DJANGO_AUTH_MIGRATION, MIGRATION_NAMES, MIGRATIONS_TABLE } from './names.js';

/** accessctl's own migrations, listed explicitly so the bundle needs no folder scan (in MIGRATION_NAMES' order). */
export const MIGRATIONS: MigrationObject[] = [
  { name: DJANGO_AUTH_MIGRATION, class: Migration0001DjangoAuth },
  { name: CHANGE_LOG_MIGRATION, class: Migration0002ChangeLog },
];
