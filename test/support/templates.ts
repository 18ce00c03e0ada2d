import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const DJANGO_SCHEMA = readFileSync(path.join(FIXTURES, 'django-3.2-auth-schema.sql'), 'utf8');
export const DJANGO_SEED = readFileSync(path.join(FIXTURES, 'django-3.2-auth-seed-data.sql'), 'utf8');

/** Databases made once per test run, copied for each test (a copy takes milliseconds, a new database seconds). */
export interface Templates {
  root: string;
  /** Embedded data folders: created by `accessctl migrate`, and loaded from Django's fixture. */
  embeddedMigrated: string;
  embeddedDjango: string;
  /** A server database loaded from Django's fixture, for CREATE DATABASE … TEMPLATE. */
  serverDjango?: string;
}

export const SERVER_DJANGO_TEMPLATE = 'template_django';

export async function makeTemplates(adminUrl: string | undefined): Promise<Templates> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'accessctl-templates-'));
  const embeddedMigrated = path.join(root, 'migrated');
  const embeddedDjango = path.join(root, 'django');
  const { Database } = await import('../../src/db/database.js');
  const { migrate } = await import('../../src/db/schema/migrate.js');
  const migrated = await Database.open({ kind: 'embedded', dataDir: embeddedMigrated });
  try {
    await migrate(migrated);
  } finally {
    await migrated.close();
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const django = await PGlite.create({ dataDir: embeddedDjango });
  await django.exec(DJANGO_SCHEMA);
  await django.exec(DJANGO_SEED);
  await django.close();
  let serverDjango: string | undefined;
  if (adminUrl) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${SERVER_DJANGO_TEMPLATE}`);
    await admin.end();
    const client = new pg.Client({ connectionString: adminUrl.replace(/\/postgres$/, `/${SERVER_DJANGO_TEMPLATE}`) });
    await client.connect();
    await client.query(DJANGO_SCHEMA);
    await client.query(DJANGO_SEED);
    await client.end();
    serverDjango = SERVER_DJANGO_TEMPLATE;
  }
  return { root, embeddedMigrated, embeddedDjango, serverDjango };
}
