import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001DjangoAuth } from './0001-django-auth.js';
import { Migration0002ChangeLog } from './0002-change-log.js';

import { MIGRATION_NAMES } from './names.js';

export { CHANGE_LOG_MIGRATION, DJANGO_AUTH_MIGRATION, MIGRATION_NAMES, MIGRATIONS_TABLE } from './names.js';

/** accessctl's own migrations, listed explicitly so the bundle needs no folder scan. */
export const MIGRATIONS: MigrationObject[] = [
  { name: '0001-django-auth', class: Migration0001DjangoAuth },
  { name: '0002-change-log', class: Migration0002ChangeLog },
];

if (MIGRATIONS.some((m, i) => m.name !== MIGRATION_NAMES[i]) || MIGRATIONS.length !== MIGRATION_NAMES.length) {
  throw new Error('src/db/schema/migrations: MIGRATIONS and MIGRATION_NAMES must list the same migrations in order');
}
