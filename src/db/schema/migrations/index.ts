import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001DjangoAuth } from './0001-django-auth.js';

/** accessctl's own migrations, listed explicitly so the bundle needs no folder scan. */
export const MIGRATIONS: MigrationObject[] = [{ name: '0001-django-auth', class: Migration0001DjangoAuth }];

/** Where accessctl records its migrations; never a table of Django's. */
export const MIGRATIONS_TABLE = 'accessctl_migrations';
