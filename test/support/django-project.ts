import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { pgServer, run as runAccessctl, type Target } from './targets.js';
import { tempFolder } from './temp-folders.js';

// Debian's python3-django (Django 3.2) and psycopg2; .ci/run installs them.
export const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../django/project.py', import.meta.url));
export const hasDjango = spawnSync(PYTHON, ['-c', 'import django, psycopg2'], { stdio: 'ignore' }).status === 0;
if (!hasDjango && process.env.CI === 'true') throw new Error('Django 3.2 (python3-django, python3-psycopg2) is needed for these tests in CI');

const exec = promisify(execFile);
let counter = 0;

/** A database of the project; `schema` when its tables were moved out of public. */
export type DjangoTarget = Target & { schema?: string };

export interface DjangoProject {
  appLabel: string;
  userModel: string;
  /** A new database copied from the one Django's migrate made (CREATE DATABASE … TEMPLATE: no second migrate). */
  fresh(): Promise<Target>;
  /** Runs test/django/project.py against a database: Django's ORM, has_perm, check_password. */
  django(t: DjangoTarget, ...args: string[]): Promise<string>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgServer()!.adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const urlOf = (name: string) => pgServer()!.adminUrl.replace(/\/postgres$/, `/${name}`);

/**
 * A Django 3.2 project made by the test: settings plus one app whose models.py is given, migrated
 * by Django itself into a template database on the test server, once per test file.
 */
export async function djangoProject(appLabel: string, userModel: string, modelsPy: string): Promise<DjangoProject> {
  const dir = tempFolder('accessctl-django-');
  mkdirSync(path.join(dir, appLabel));
  writeFileSync(path.join(dir, appLabel, '__init__.py'), '');
  writeFileSync(path.join(dir, appLabel, 'models.py'), modelsPy);
  const template = `tpl_${appLabel}_${process.pid}_${counter++}`;
  await admin((c) => c.query(`CREATE DATABASE ${template}`));
  const run = async (url: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
    (await exec(PYTHON, [SCRIPT, dir, appLabel, userModel, url, ...args], { encoding: 'utf8', env: { ...process.env, ...env } })).stdout.trim();
  await run(urlOf(template), ['migrate']);
  // accessctl's own change log beside Django's tables, as a project adopting accessctl adds it.
  const added = await runAccessctl(undefined, ['migrate', '--database-url', urlOf(template), '--user-model', userModel]);
  if (added.code !== 0) throw new Error(`accessctl migrate failed: ${added.stderr}`);
  return {
    appLabel,
    userModel,
    async fresh() {
      const name = `${template}_${counter++}`;
      await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
      const url = urlOf(name);
      return { kind: 'server', options: ['--database-url', url], url };
    },
    django: (t, ...args) => run(t.url!.replace(/\?.*$/, ''), args, t.schema ? { SEARCH_PATH: t.schema } : {}),
  };
}
