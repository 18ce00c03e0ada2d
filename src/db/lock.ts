import { openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { LockHeld } from './errors.js';

export interface HeldLock {
  path: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: any) {
    return error.code === 'EPERM';
  }
}

/**
 * Two processes on one PGlite data folder silently lose writes, so a lock file beside the folder
 * (created exclusively, holding the owner's pid) admits one process; a dead owner's lock is taken over.
 */
export function acquireLock(lockPath: string, what: string): HeldLock {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        try {
          if (readFileSync(lockPath, 'utf8').trim() === String(process.pid)) unlinkSync(lockPath);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.on('exit', release);
      return { path: lockPath, release };
    } catch (error: any) {
      if (error.code !== 'EEXIST') throw error;
    }
    let owner = NaN;
    try {
      owner = Number.parseInt(readFileSync(lockPath, 'utf8').trim(), 10);
    } catch {
      continue; // Released between our attempts: try again.
    }
    if (Number.isInteger(owner) && isAlive(owner)) {
      throw new LockHeld(`${what} is in use by process ${owner} (lock file ${lockPath}); try again when it has finished.`);
    }
    try {
      unlinkSync(lockPath); // Stale: its owner is gone.
    } catch {
      // Another process took it over first; the next attempt finds out.
    }
  }
  throw new LockHeld(`could not take the lock ${lockPath}`);
}
