import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { inject } from 'vitest';
import { Database } from '../../src/db/database.js';
import { StringSink } from '../../src/framework/output.js';
import { runCli, type RunOptions } from '../../src/framework/runner.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const DJANGO_SCHEMA = readFileSync(path.join(FIXTURES, 'django-3.2-auth-schema.sql'), 'utf8');
export const DJANGO_SEED = readFileSync(path.join(FIXTURES, 'django-3.2-auth-seed-data.sql'), 'utf8');

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
 * A new database on the test server: empty, or loaded from Django's own schema and seed. `django`
 * is then migrated by accessctl (which adds only its change log), as an operator does once before
 * applying; `django-unmigrated` is Django's database exactly as Django left it.
 */
export async function serverTarget(content: 'empty' | 'django' | 'django-unmigrated'): Promise<Target> {
  const server = pgServer();
  if (!server) throw new Error('no PostgreSQL server for this test run');
  const name = `t_${process.pid}_${Date.now()}_${counter++}`;
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = server.adminUrl.replace(/\/postgres$/, `/${name}`);
  const target: Target = { kind: 'server', options: ['--database-url', url], url };
  if (content !== 'empty') {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(DJANGO_SCHEMA);
    await client.query(DJANGO_SEED);
    await client.end();
  }
  if (content === 'django') {
    const result = await run(target, ['migrate']);
    if (result.code !== 0) throw new Error(`migrate failed: ${result.stderr}`);
  }
  return target;
}

/** A new embedded database folder: not yet created, migrated by accessctl, or loaded from Django's fixture. */
export async function embeddedTarget(content: 'new' | 'migrated' | 'django'): Promise<Target> {
  const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'accessctl-test-')), 'data');
  const target: Target = { kind: 'embedded', options: ['--data-dir', dataDir], dataDir };
  if (content === 'migrated') {
    const result = await run(target, ['migrate']);
    if (result.code !== 0) throw new Error(`migrate failed: ${result.stderr}`);
  }
  if (content === 'django') {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create({ dataDir });
    await db.exec(DJANGO_SCHEMA);
    await db.exec(DJANGO_SEED);
    await db.close();
  }
  return target;
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

/** Runs SQL against the target (for arranging a state, or reading one back). */
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
