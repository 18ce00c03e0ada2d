import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StringSink } from '../src/framework/output.js';
import { runCli } from '../src/framework/runner.js';
import { cleanEnv, pgServer, run, serverTarget, sql, type Target } from './support/targets.js';
import { tempFolder } from './support/temp-folders.js';

/** A record applied long ago, as an old accessctl would have written it (inserting is what the log allows). */
async function oldRecord(t: Target, daysAgo: number, changes: unknown[]): Promise<void> {
  await sql(
    t,
    `INSERT INTO accessctl_change_log (applied_at, action, os_user, host, accessctl_version, command_line, way_in, target, changes)
     VALUES (now() - make_interval(days => $1), 'apply', 'old', 'old-host', '0.0.1', 'accessctl manage_group old', 'command', 'somewhere', $2::jsonb)`,
    [daysAgo, JSON.stringify({ changes, warnings: [] })],
  );
}

async function history(): Promise<Target> {
  const t = await serverTarget('django');
  await oldRecord(t, 40, [{ type: 'group', action: 'create', group: 'ancients' }]);
  await oldRecord(t, 10, [{ type: 'user_group', action: 'add', username: 'zeppo', group: 'ancients' }]);
  await run(t, ['manage_group', 'editors', '-p', 'myapp:Thing:add_thing', '--yes']);
  await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--staff', '-g', 'editors', '--yes']);
  await run(t, ['manage_group', 'viewers', '-p', 'myapp:Thing:view_thing', '--yes']);
  return t;
}

const ids = (json: string) => (JSON.parse(json) as { id: number }[]).map((r) => r.id);

describe.skipIf(!pgServer())('accessctl log (server)', () => {
  it('lists records newest first, filtered by time, user, group and permission; --json gives full records', async () => {
    const t = await history();
    const all = await run(t, ['log', '--json']);
    expect(all.code).toBe(0);
    expect(ids(all.stdout)).toEqual([5, 4, 3, 2, 1]);
    const [newest] = JSON.parse(all.stdout);
    expect(newest).toMatchObject({
      id: 5,
      action: 'apply',
      os_user: os.userInfo().username,
      host: os.hostname(),
      accessctl_version: '0.1.0',
      way_in: { kind: 'command' },
      actor: null,
      changes: {
        changes: [
          { type: 'group', action: 'create', group: 'viewers' },
          { type: 'group_permission', action: 'add', group: 'viewers', permission: 'myapp:thing:view_thing' },
        ],
      },
    });
    expect(newest.command_line).toMatch(/^accessctl manage_group viewers -p myapp:Thing:view_thing --yes --database-url postgres:\/\/postgres:\*\*\*@/);
    expect(new Date(newest.applied_at).getTime()).toBeGreaterThan(Date.now() - 600_000);

    expect(ids((await run(t, ['log', '--json', '--since', '7d'])).stdout)).toEqual([5, 4, 3]);
    expect(ids((await run(t, ['log', '--json', '--since', '20d', '--until', '2d'])).stdout)).toEqual([2]);
    expect(ids((await run(t, ['log', '--json', '--until', new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10)])).stdout)).toEqual([1]);
    expect(ids((await run(t, ['log', '--json', '--user', 'groucho'])).stdout)).toEqual([4]);
    expect(ids((await run(t, ['log', '--json', '--user', 'zeppo'])).stdout)).toEqual([2]);
    expect(ids((await run(t, ['log', '--json', '--group', 'editors'])).stdout)).toEqual([4, 3]);
    expect(ids((await run(t, ['log', '--json', '--group', 'ancients'])).stdout)).toEqual([2, 1]);
    expect(ids((await run(t, ['log', '--json', '--permission', 'myapp:Thing:view_thing'])).stdout)).toEqual([5]);
    // Django's has_perm form (issue 12) names the same permission: the log finds its model in the catalogue.
    expect(ids((await run(t, ['log', '--json', '--permission', 'myapp.view_thing'])).stdout)).toEqual([5]);
    expect(ids((await run(t, ['log', '--json', '--permission', 'myapp.add_thing'])).stdout)).toEqual([3]);
    expect(ids((await run(t, ['log', '--json', '--group', 'editors', '--since', '1h', '--limit', '1'])).stdout)).toEqual([4]);
    expect(JSON.parse((await run(t, ['log', '--json', '--user', 'nobody'])).stdout)).toEqual([]);
  });

  it('prints records for people (plain when not on a terminal) and pages them through $PAGER on one', async () => {
    const t = await history();
    const plain = await run(t, ['log', '--group', 'editors']);
    expect(plain.code).toBe(0);
    const blocks = plain.stdout.trim().split('\n\n');
    expect(blocks).toHaveLength(2);
    expect(blocks[0]!.split('\n')[0]).toMatch(new RegExp(`^#4  \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z  ${os.userInfo().username}@${os.hostname()}  via command line$`));
    expect(blocks[0]).toContain('\n    command: accessctl manage_user groucho groucho@example.com --staff -g editors --yes --database-url postgres://postgres:***@');
    expect(blocks[0]).toContain('\n    + user groucho (email groucho@example.com, is_staff true');
    expect(blocks[0]).toContain('\n    + user groucho: group editors');

    const out = path.join(tempFolder('accessctl-pager-'), 'paged.txt');
    const stdout = Object.assign(new StringSink(), { isTTY: true });
    const stderr = new StringSink();
    const code = await runCli(['log', '--group', 'editors', ...t.options], { interactive: false, env: cleanEnv({ PAGER: `cat > ${out}` }), stdout, stderr });
    expect(code).toBe(0);
    expect(stdout.text).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(plain.stdout);
  });

  it('names a bad filter value in one line', async () => {
    const t = await history();
    const bad = await run(t, ['log', '--since', 'yesterday']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('Error: invalid --since "yesterday": use a date (2026-11-01), a date and time (2026-11-01T12:00Z) or a duration (90m, 12h, 7d, 2w)\n');
    // myapp.add_thing is valid since issue 12 (the has_perm form); bad values are named, each in one line.
    const unknown = await run(t, ['log', '--permission', 'myapp.add_nothing']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('Error: invalid permission "myapp.add_nothing": app "myapp" has no permission "add_nothing"\n');
    const malformed = await run(t, ['log', '--permission', 'myapp_add_thing']);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('Error: invalid permission "myapp_add_thing"');
    expect(malformed.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('prunes only behind the retention setting, only records older than it, and records the prune', async () => {
    const t = await history();
    const off = await run(t, ['log', '--prune-before', '20d', '--yes']);
    expect(off.code).toBe(1);
    expect(off.stderr).toContain('Error: the change log is append-only: set logRetention');
    const env = cleanEnv({ ACCESSCTL_LOG_RETENTION: '30d' });
    const young = await run(t, ['log', '--prune-before', '20d', '--yes'], { env });
    expect(young.code).toBe(1);
    expect(young.stderr).toContain('would delete records younger than the retention of 30 days');
    expect((await run(t, ['log', '--prune-before', '35d'], { env })).code).toBe(1);
    expect(ids((await run(t, ['log', '--json'])).stdout)).toEqual([5, 4, 3, 2, 1]);
    const pruned = await run(t, ['log', '--prune-before', '35d', '--yes'], { env });
    expect(pruned.code).toBe(0);
    expect(pruned.stderr).toContain('Pruned 1 record; the prune is record #6.');
    const after = JSON.parse((await run(t, ['log', '--json'])).stdout);
    expect(after.map((r: { id: number }) => r.id)).toEqual([6, 5, 4, 3, 2]);
    expect(after[0]).toMatchObject({ action: 'prune', changes: { removed: 1 } });
    expect((await run(t, ['log'])).stdout).toContain('    pruned 1 record applied before ');
  });
});
