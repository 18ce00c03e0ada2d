import { chmodSync, lstatSync, mkdirSync, readdirSync, type Stats } from 'node:fs';
import path from 'node:path';
import { quoted } from '../domain/text.js';
import { DatabaseError } from './errors.js';

/**
 * The embedded database holds password hashes (in its tables and its WAL) and a configuration that
 * runs code: only its owner may read or write it. PGlite writes files itself, some with mode 0666
 * whatever the umask, so the folder is kept 0700 and every file in it 0600.
 */

const uid = () => process.getuid?.();

/** Creates the folder 0700, or checks an existing one is ours and makes it private again. */
export function preparePrivateDir(dir: string): void {
  let stats: Stats | undefined;
  try {
    stats = lstatSync(dir);
  } catch (caught) {
    const error = caught as NodeJS.ErrnoException;
    if (error.code !== 'ENOENT') throw error;
  }
  if (!stats) {
    mkdirSync(dir, { mode: 0o700 });
    chmodSync(dir, 0o700);
    return;
  }
  if (!stats.isDirectory()) throw new DatabaseError(`the embedded database folder ${quoted(dir)} is not a folder`);
  const me = uid();
  if (me !== undefined && stats.uid !== me) {
    throw new DatabaseError(`the embedded database folder ${quoted(dir)} belongs to another user (uid ${stats.uid}); use a folder of your own (--data-dir)`);
  }
  // While the folder itself is private nobody else reaches its files, whatever their modes (each close
  // makes them 0600 again): the whole tree, a thousand files, is walked only when the folder was opened up.
  if ((stats.mode & 0o077) !== 0) privatize(dir);
}

/** Takes group and other permissions off the folder and everything in it (a no-op when already private). */
export function privatize(dir: string): void {
  const walk = (current: string, stats: Stats) => {
    if (stats.isSymbolicLink()) return;
    const wanted = stats.isDirectory() ? 0o700 : 0o600;
    if ((stats.mode & 0o777 & ~wanted) !== 0) {
      try {
        chmodSync(current, (stats.mode & 0o700) | (stats.isDirectory() ? 0o700 : 0o600));
      } catch (caught) {
        const error = caught as NodeJS.ErrnoException;
        throw new DatabaseError(`cannot make ${quoted(current)} private (${error.code ?? error.message}); run: chmod -R go-rwx ${quoted(dir)}`);
      }
    }
    if (!stats.isDirectory()) return;
    for (const entry of readdirSync(current)) {
      const child = path.join(current, entry);
      walk(child, lstatSync(child));
    }
  };
  walk(dir, lstatSync(dir));
}

let depth = 0;
let previous = 0;

/**
 * While an embedded database is open, files PGlite creates get no group or other permissions
 * (the umask is the process's: restored when the last embedded database closes).
 */
export function privateUmask(): () => void {
  if (depth++ === 0) previous = process.umask(0o077);
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    if (--depth === 0) process.umask(previous);
  };
}
