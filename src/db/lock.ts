import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { printable } from '../domain/text.js';
import { LockHeld } from './errors.js';

export interface HeldLock {
  path: string;
  release(): void;
}

/** Who holds a lock: a random token tells two holders with one PID apart (containers reuse PIDs). */
interface LockRecord {
  pid: number;
  token?: string;
  /** The holder's start time (field 22 of /proc/PID/stat): a live PID that started later is another process. */
  started?: string;
  /** What the holder tells others: the embedded database's socket folder, and whether it is a keeper. */
  socketDir?: string;
  keeper?: boolean;
}

export interface LockOptions {
  /** How long to wait for a held lock, in ms (0: not at all, Infinity: for ever). */
  waitMs?: number;
  /** Told once when the wait begins. */
  onWait?(message: string): void;
}

/** What a lock's holder may tell other processes, written into the lock. */
export interface LockNotes {
  socketDir?: string;
  keeper?: boolean;
}

/** How long an empty or unreadable lock is taken for one whose holder is writing it. */
const FRESH_MS = 2000;

/** The tokens of the locks this process holds. */
const held = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (caught) {
    const error = caught as NodeJS.ErrnoException;
    if (error.code !== 'EPERM') return false;
  }
  // A zombie answers kill(0) until its parent reaps it, which a container's PID 1 without an init
  // never does (a keeper killed with -9 is PID 1's child): it holds nothing.
  return processState(pid) !== 'Z';
}

/** A process's state letter (field 3 of /proc/PID/stat), where /proc tells it. */
function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/** A process's start time in clock ticks since boot, where /proc tells it (Linux). */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function readRecord(lockPath: string): LockRecord | undefined {
  const text = readFileSync(lockPath, 'utf8').trim();
  if (/^\d+$/.test(text)) return { pid: Number(text) }; // Written by an earlier accessctl.
  try {
    const record = JSON.parse(text);
    return Number.isInteger(record?.pid) ? record : undefined;
  } catch {
    return undefined;
  }
}

function looksLikeNode(pid: number): boolean {
  try {
    return /node|accessctl/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true; // No /proc: cannot tell, so assume it may be ours.
  }
}

/** The live holder of a lock record, or undefined when the record is stale. */
function liveHolder(record: LockRecord): number | undefined {
  if (record.pid === process.pid) return record.token && held.has(record.token) ? record.pid : undefined;
  if (!isAlive(record.pid)) return undefined;
  if (record.started !== undefined) {
    const started = processStartTime(record.pid);
    return started === undefined || started === record.started ? record.pid : undefined;
  }
  // An old lock (a bare PID): only a node process can be an accessctl holding it.
  return record.token === undefined && !looksLikeNode(record.pid) ? undefined : record.pid;
}

/** The live process holding the lock at this path, and its notes; undefined when none holds it. */
export function liveLockHolder(lockPath: string): (LockNotes & { pid: number }) | undefined {
  try {
    const record = readRecord(lockPath);
    const pid = record && liveHolder(record);
    if (!record || pid === undefined) return undefined;
    return { pid, socketDir: typeof record.socketDir === 'string' ? record.socketDir : undefined, keeper: record.keeper === true };
  } catch {
    return undefined;
  }
}

/** Whether a live process holds the lock at this path (one being written, under 2 s old, counts). */
export function lockIsHeld(lockPath: string): boolean {
  try {
    const record = readRecord(lockPath);
    return record ? liveHolder(record) !== undefined : Date.now() - mtimeOf(lockPath) < FRESH_MS;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two processes on one PGlite data folder silently lose writes, so a lock file beside the folder
 * (created exclusively, holding the owner's pid, start time and a random token) admits one process.
 * A lock whose owner is gone, or whose PID now belongs to another process, is taken over.
 */
export async function acquireLock(lockPath: string, what: string, options: LockOptions = {}, notes: LockNotes = {}): Promise<HeldLock> {
  const waitMs = options.waitMs ?? 0;
  const deadline = Date.now() + waitMs;
  let told = false;
  for (let attempt = 0; ; attempt++) {
    const token = randomBytes(16).toString('hex');
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      try {
        writeSync(fd, JSON.stringify({ pid: process.pid, token, started: processStartTime(process.pid), ...notes }));
      } catch (error) {
        // An empty lock (no space left) would hold the folder for every other process until it is old.
        closeSync(fd);
        unlinkSync(lockPath);
        throw error;
      }
      closeSync(fd);
      held.add(token);
      return { path: lockPath, release: releaser(lockPath, token) };
    } catch (caught) {
      const error = caught as NodeJS.ErrnoException;
      if (error.code !== 'EEXIST') throw error;
    }
    let record: LockRecord | undefined;
    let text: string;
    try {
      text = readFileSync(lockPath, 'utf8');
      record = readRecord(lockPath);
    } catch {
      continue; // Released between our attempts: try again.
    }
    // An empty or unreadable record is a holder between creating and writing it, unless it is old.
    const fresh = !record && Date.now() - mtimeOf(lockPath) < FRESH_MS;
    const holder = record ? liveHolder(record) : fresh ? -1 : undefined;
    if (holder === undefined) {
      removeIfUnchanged(lockPath, text);
      continue;
    }
    if (Date.now() < deadline) {
      if (!told && holder > 0) options.onWait?.(`Waiting for ${what}, in use by process ${holder} (lock file ${printable(lockPath)})…`);
      told = true;
      await sleep(Math.min(200, Math.max(10, deadline - Date.now())));
      continue;
    }
    if (holder < 0 && attempt < 50) {
      await sleep(20);
      continue;
    }
    const waited = waitMs > 0 ? ` after waiting ${Math.round(waitMs / 1000)} s` : '';
    const hint = waitMs > 0 ? '' : ' (--wait waits for it)';
    throw new LockHeld(`${what} is in use by process ${holder}${waited} (lock file ${printable(lockPath)}); try again when it has finished${hint}.`);
  }
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** Removes a stale lock, unless another process replaced it since it was read. */
function removeIfUnchanged(lockPath: string, text: string): void {
  try {
    if (readFileSync(lockPath, 'utf8') === text) unlinkSync(lockPath);
  } catch {
    // Gone already: the next attempt finds out.
  }
}

function releaser(lockPath: string, token: string): () => void {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held.delete(token);
    process.off('exit', release);
    try {
      if (readRecord(lockPath)?.token === token) unlinkSync(lockPath);
    } catch {
      // Already gone: nothing to release.
    }
  };
  process.on('exit', release);
  return release;
}
