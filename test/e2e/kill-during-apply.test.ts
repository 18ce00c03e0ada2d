import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../support/tmux.js';
import { pgServer, serverTarget, sql, type Target } from '../support/targets.js';
import { tempFolder } from '../support/temp-folders.js';

const USERS = 3000;

/** An access file of USERS users in 30 groups: one plan of a few thousand changes, long enough to kill midway. */
function largeAccessFile(): string {
  const groups: Record<string, string[]> = {};
  for (let g = 0; g < 30; g++) groups[`team${g}`] = ['myapp:Thing:view_thing'];
  const users: Record<string, unknown> = {};
  for (let u = 0; u < USERS; u++) users[`user${u}`] = { email: `user${u}@example.com`, groups: [`team${u % 30}`, `team${(u + 7) % 30}`] };
  const file = path.join(tempFolder('accessctl-kill-'), 'access.json');
  writeFileSync(file, JSON.stringify({ groups, users }));
  return file;
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeout = 60_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The state after the process died and the server ended its session: both counts, read once nothing of it is left. */
async function settled(t: Target) {
  await until(async () => {
    const [row] = await sql<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'accessctl' AND datname = current_database() AND pid <> pg_backend_pid()`,
    );
    return row!.n === 0 ? true : undefined;
  }, 'the killed session to end');
  const [row] = await sql<{ users: number; records: number; members: number }>(
    t,
    `SELECT (SELECT count(*)::int FROM auth_user) AS users, (SELECT count(*)::int FROM accessctl_change_log) AS records, (SELECT count(*)::int FROM auth_user_groups) AS members`,
  );
  return row!;
}

describe.skipIf(!pgServer())('kill -9 during apply (the real binary, a server)', () => {
  it('leaves the changes and their record, or neither, wherever the process dies', async () => {
    const file = largeAccessFile();
    const outcomes: string[] = [];
    // Kill points: before the transaction, as soon as it is open, and at random moments inside it.
    const delays = [-1, 0, Math.random() * 50, Math.random() * 200, Math.random() * 500];
    for (const delay of delays) {
      const t = await serverTarget('django');
      const child = spawn(process.execPath, [BIN, 'apply', '-f', file, '--yes', '--verbosity', '0', ...t.options], {
        stdio: 'ignore',
        env: { ...process.env, CI: 'true' },
      });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      if (delay >= 0) {
        // Proof that the apply's transaction is open: its session holds the lock on auth_user.
        await until(async () => {
          const [row] = await sql<{ n: number }>(
            t,
            `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
              WHERE a.application_name = 'accessctl' AND a.datname = current_database() AND l.relation = 'auth_user'::regclass`,
          );
          return row!.n > 0 ? true : child.exitCode !== null ? true : undefined;
        }, 'the apply to lock the auth tables');
        if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      }
      child.kill('SIGKILL');
      await exited;
      const state = await settled(t);
      if (state.records === 0) expect(state).toEqual({ users: 0, records: 0, members: 0 });
      else expect(state).toEqual({ users: USERS, records: 1, members: 2 * USERS });
      outcomes.push(state.records ? 'applied' : 'nothing');
    }
    // The last run is not killed: the same apply completes with exactly one record.
    const t = await serverTarget('django');
    const child = spawn(process.execPath, [BIN, 'apply', '-f', file, '--yes', '--verbosity', '0', ...t.options], { stdio: 'ignore' });
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0);
    expect(await settled(t)).toEqual({ users: USERS, records: 1, members: 2 * USERS });
    expect(outcomes).toContain('nothing');
  });
});
