import { execFileSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { Database } from '../../src/db/database.js';
import { StringSink } from '../../src/framework/output.js';
import { runCli, type RunOptions } from '../../src/framework/runner.js';
import { tempFolder } from './temp-folders.js';

export { DJANGO_SCHEMA, DJANGO_SEED } from './templates.js';

export const AUTH_TABLES = [
  'django_content_type',
  'auth_permission',
  'auth_group',
  'auth_group_permissions',
  'auth_user',
  'auth_user_groups',
  'auth_user_user_permissions',
];

/** A database to run accessctl against: its global options say which. */
export interface Target {
  kind: 'embedded' | 'server';
  /** The global options that select it, e.g. ['--data-dir', DIR]. */
  options: string[];
  url?: string;
  dataDir?: string;
}

export const pgServer = () => inject('pg');

/** The environment accessctl sees in tests: none of the developer's own database settings. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.ACCESSCTL_DATA_DIR;
  delete env.ACCESSCTL_COMMAND_DIRS;
  delete env.NO_COLOR;
  return { ...env, ...extra };
}

let counter = 0;

/**
 * A new database of its own on the test server: empty, or loaded from Django's own schema and seed. `django`
 * is then migrated by accessctl (which adds only its change log), as an operator does once before
 * applying; `django-unmigrated` is Django's database exactly as Django left it.
 */
export async function serverTarget(content: 'empty' | 'django' | 'django-unmigrated'): Promise<Target> {
  const server = pgServer();
  if (!server) throw new Error('no PostgreSQL server for this test run');
  // A copy of the run's template: Django's fixture as Django left it, or then migrated by accessctl.
  const templates = inject('templates');
  const template = content === 'empty' ? undefined : content === 'django' ? templates.serverDjangoMigrated : templates.serverDjango;
  if (content !== 'empty' && !template) throw new Error('no Django template database on the test server');
  const name = `t_${process.pid}_${Date.now()}_${counter++}`;
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  try {
    await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = server.adminUrl.replace(/\/postgres$/, `/${name}`);
  return { kind: 'server', options: ['--database-url', url], url };
}

/** A new embedded database folder: not yet created, migrated by accessctl, or loaded from Django's fixture. */
export async function embeddedTarget(content: 'new' | 'migrated' | 'django'): Promise<Target> {
  // Removed after the test file (test/support/cleanup.ts).
  const dataDir = path.join(tempFolder('accessctl-test-'), 'data');
  const target: Target = { kind: 'embedded', options: ['--data-dir', dataDir], dataDir };
  // A copy of the run's template folder: each test has its own database, made in milliseconds.
  const templates = inject('templates');
  if (content !== 'new') copyFolder(content === 'migrated' ? templates.embeddedMigrated : templates.embeddedDjango, dataDir);
  return target;
}

/** cp copies a data folder's thousand small files in half the time of fs.cpSync (the copy is most of a test's set-up). */
function copyFolder(from: string, to: string): void {
  execFileSync('cp', ['-Rp', from, to]);
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `accessctl COMMAND ARGS` in-process against the target, as a script would (no terminal). */
export async function run(target: Target | undefined, argv: string[], options: RunOptions = {}): Promise<RunResult> {
  const stdout = new StringSink();
  const stderr = new StringSink();
  const code = await runCli([...argv, ...(target?.options ?? [])], { interactive: false, env: cleanEnv(), ...options, stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Every row of the auth tables, in id order, passwords included: "exactly as it was" means this is equal. */
export async function dumpAuth(target: Target): Promise<string> {
  const db = await Database.open(target.kind === 'server' ? { kind: 'server', url: target.url! } : { kind: 'embedded', dataDir: target.dataDir! });
  try {
    const parts: string[] = [];
    for (const table of AUTH_TABLES) {
      const rows = await db.sql.query(`SELECT * FROM ${table} ORDER BY id`);
      parts.push(`${table}: ${JSON.stringify(rows)}`);
      const [seq] = await db.sql.query(`SELECT last_value, is_called FROM ${table}_id_seq`);
      parts.push(`${table}_id_seq: ${JSON.stringify(seq)}`);
    }
    return parts.join('\n');
  } finally {
    await db.close();
  }
}

/** The row at `index`: its absence fails the test, naming how many rows came. */
export function nth<T>(rows: readonly T[], index: number): T {
  const row = rows[index];
  if (row === undefined) throw new Error(`expected a row at ${index}, got ${rows.length} rows`);
  return row;
}

/** The first group a pattern captures in a text: no match fails the test, showing the text. */
export function captured(pattern: RegExp, text: string): string {
  const value = pattern.exec(text)?.[1];
  if (value === undefined) throw new Error(`no ${pattern} in: ${text.slice(0, 500)}`);
  return value;
}

/** The one row a query must return: anything else fails the test, naming how many came. */
export function one<T>(rows: T[]): T {
  const [row] = rows;
  if (rows.length !== 1 || row === undefined) throw new Error(`expected one row, got ${rows.length}`);
  return row;
}

/** Runs SQL against the target (for arranging a state, or reading one back). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reads back whatever columns it selected
export async function sql<T = Record<string, any>>(target: Target, text: string, params: unknown[] = []): Promise<T[]> {
  const db = await Database.open(target.kind === 'server' ? { kind: 'server', url: target.url! } : { kind: 'embedded', dataDir: target.dataDir! });
  try {
    return await db.sql.query<T>(text, params);
  } finally {
    await db.close();
  }
}

/** pg_dump of a whole server database, schema and data (less the per-dump random \\restrict key of pg_dump 15.14+). */
export function pgDump(target: Target): string {
  const server = pgServer()!;
  const dump = execFileSync(path.join(server.bin, 'pg_dump'), ['--no-owner', '--inserts', target.url!], { encoding: 'utf8' });
  return dump
    .split('\n')
    .filter((line) => !/^\\(un)?restrict /.test(line))
    .join('\n');
}
