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
  /** Server databases for CREATE DATABASE … TEMPLATE: Django's fixture, and the same after `accessctl migrate`. */
  serverDjango?: string;
  serverDjangoMigrated?: string;
}

export const SERVER_DJANGO_TEMPLATE = 'template_django';
export const SERVER_DJANGO_MIGRATED_TEMPLATE = 'template_django_migrated';

export async function makeTemplates(adminUrl: string | undefined): Promise<Templates> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'accessctl-templates-'));
  const embeddedMigrated = path.join(root, 'migrated');
  const embeddedDjango = path.join(root, 'django');
  // `accessctl migrate` itself, exactly as a test's own run of it did before templates.
  const { runCli } = await import('../../src/framework/runner.js');
  const { StringSink } = await import('../../src/framework/output.js');
  const migrate = async (where: string[]) => {
    const stderr = new StringSink();
    const env = { ...process.env };
    for (const key of ['DATABASE_URL', 'ACCESSCTL_DATA_DIR', 'ACCESSCTL_COMMAND_DIRS', 'NO_COLOR']) delete env[key];
    const code = await runCli(['migrate', ...where], { interactive: false, env, stdout: new StringSink(), stderr });
    if (code !== 0) throw new Error(`migrate failed: ${stderr.text}`);
  };
  await migrate(['--data-dir', embeddedMigrated]);
  const { PGlite } = await import('@electric-sql/pglite');
  const django = await PGlite.create({ dataDir: embeddedDjango });
  await django.exec(DJANGO_SCHEMA);
  await django.exec(DJANGO_SEED);
  await django.close();
  if (!adminUrl) return { root, embeddedMigrated, embeddedDjango };
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${SERVER_DJANGO_TEMPLATE}`);
    const client = new pg.Client({ connectionString: adminUrl.replace(/\/postgres$/, `/${SERVER_DJANGO_TEMPLATE}`) });
    await client.connect();
    await client.query(DJANGO_SCHEMA);
    await client.query(DJANGO_SEED);
    await client.end();
    await admin.query(`CREATE DATABASE ${SERVER_DJANGO_MIGRATED_TEMPLATE} TEMPLATE ${SERVER_DJANGO_TEMPLATE}`);
  } finally {
    await admin.end();
  }
  await migrate(['--database-url', adminUrl.replace(/\/postgres$/, `/${SERVER_DJANGO_MIGRATED_TEMPLATE}`)]);
  return { root, embeddedMigrated, embeddedDjango, serverDjango: SERVER_DJANGO_TEMPLATE, serverDjangoMigrated: SERVER_DJANGO_MIGRATED_TEMPLATE };
}
