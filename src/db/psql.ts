import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConnectionSettings } from './database.js';
import { DatabaseError } from './errors.js';
import { leaveInterruptsToChild, onShutdown } from './shutdown.js';

export interface PsqlOutput {
  /** Where psql writes: 'inherit' for this process's own stream, else a writer it is piped to. */
  stdout: 'inherit' | ((chunk: string) => void);
  stderr: 'inherit' | ((chunk: string) => void);
}

/** psql was not found on the PATH. */
export class PsqlMissing extends DatabaseError {
  constructor() {
    super('psql is not on the PATH: install the postgresql-client package (or add the folder holding psql to PATH)');
  }
}

/** Escapes a .pgpass field: backslash and colon are special there. */
const pgpassField = (value: string) => value.replace(/[\\:]/g, (c) => `\\${c}`);

interface Invocation {
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Removes the temporary passfile, if one was written. */
  cleanup(): void;
}

/**
 * psql's arguments and environment for a connection. The password never goes on the command line
 * (which every local user can read in ps): it goes into a passfile readable by this user only, in a
 * private temporary folder, named by PGPASSFILE.
 */
export function psqlInvocation(settings: ConnectionSettings, env: NodeJS.ProcessEnv): Invocation {
  const childEnv: NodeJS.ProcessEnv = { ...env };
  let password = settings.password;
  let args: string[];
  if (settings.clientUrl) {
    const url = new URL(settings.clientUrl);
    password = url.password ? decodeURIComponent(url.password) : undefined;
    url.password = '';
    for (const key of [...url.searchParams.keys()]) {
      if (key.toLowerCase() !== 'password') continue;
      password ??= url.searchParams.get(key) ?? undefined;
      url.searchParams.delete(key);
    }
    args = ['--dbname', url.toString()];
  } else {
    args = ['--host', settings.host!, '--port', String(settings.port), '--username', settings.user!, '--dbname', settings.database!];
  }
  if (!password) return { args, env: childEnv, cleanup: () => undefined };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'accessctl-psql-'));
  const passfile = path.join(dir, 'pgpass');
  writeFileSync(passfile, `*:*:*:*:${pgpassField(password)}\n`, { mode: 0o600 });
  // PGPASSWORD would take precedence over the passfile.
  delete childEnv.PGPASSWORD;
  childEnv.PGPASSFILE = passfile;
  return { args, env: childEnv, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs psql on the connection with the extra arguments and returns its exit code. Ctrl+C belongs
 * to psql while it runs (it cancels a query there), so this process ignores SIGINT meanwhile. If
 * this process is ended (SIGTERM, SIGHUP), psql ends with it and its passfile is removed first.
 */
export async function runPsql(settings: ConnectionSettings, extraArgs: string[], env: NodeJS.ProcessEnv, output: PsqlOutput): Promise<number> {
  const invocation = psqlInvocation(settings, env);
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  const release = leaveInterruptsToChild();
  let endPsql: (() => Promise<void>) | undefined;
  const forget = onShutdown(async () => {
    await endPsql?.();
    invocation.cleanup();
  });
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn('psql', [...invocation.args, ...extraArgs], {
        env: invocation.env,
        stdio: ['inherit', output.stdout === 'inherit' ? 'inherit' : 'pipe', output.stderr === 'inherit' ? 'inherit' : 'pipe'],
      });
      const closed = new Promise<void>((settle) => child.once('close', () => settle()));
      endPsql = () => (child.exitCode === null && child.signalCode === null && child.kill('SIGTERM') ? closed : Promise.resolve());
      if (typeof output.stdout === 'function') child.stdout!.setEncoding('utf8').on('data', output.stdout);
      if (typeof output.stderr === 'function') child.stderr!.setEncoding('utf8').on('data', output.stderr);
      child.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? new PsqlMissing() : error));
      child.on('close', (code, signal) => resolve(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0)));
    });
  } finally {
    forget();
    release();
    process.off('SIGINT', ignore);
    invocation.cleanup();
  }
}
