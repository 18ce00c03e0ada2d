import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, hasTmux, Terminal, TMUX } from '../support/tmux.js';
import { cleanEnv, pgServer, run, serverTarget, sql, type Target } from '../support/targets.js';

const shell = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const accessctl = (...args: string[]) => [process.execPath, BIN, ...args].map(shell).join(' ');

async function seeded(): Promise<Target> {
  const t = await serverTarget('django');
  await run(t, ['manage_group', 'editors', '-p', 'myapp:Thing:add_thing', '--yes']);
  await run(t, ['manage_group', 'viewers', '-p', 'myapp:Thing:view_thing', '--yes']);
  for (const name of ['chico', 'groucho', 'gummo', 'harpo', 'zeppo']) await run(t, ['manage_user', name, `${name}@example.com`, '--yes']);
  return t;
}

describe.skipIf(!hasTmux || !pgServer())('the console in a real terminal (tmux, 80×24, PostgreSQL server)', () => {
  let terminal: Terminal | undefined;
  afterEach(() => terminal?.close());

  it('filter for a user, add a group, toggle staff, review (the command lines appear), apply; the database has it', async () => {
    const t = await seeded();
    terminal = new Terminal(accessctl(...t.options));
    await terminal.waitFor('1 of 5 users');
    await terminal.keys('/');
    await terminal.keys('-l', 'grou');
    await terminal.waitFor(/\/grou/);
    await terminal.keys('Enter');
    await terminal.waitFor('1 of 1 users matching "grou"');
    await terminal.keys('Enter');
    await terminal.waitFor('user groucho');
    await terminal.keys('g');
    await terminal.waitFor('groups of groucho');
    await terminal.keys('-l', 'edit');
    await terminal.waitFor('[ ] editors');
    await terminal.keys('Enter');
    await terminal.waitFor('1 pending change');
    await terminal.keys('s');
    await terminal.waitFor('2 pending changes');
    await terminal.keys('a');
    const review = await terminal.waitFor('The same from a script:');
    expect(review).toContain('~ user groucho: is_staff false -> true');
    expect(review).toContain('+ user groucho: group editors');
    expect(review).toContain('accessctl manage_user groucho groucho@example.com --staff -g editors --yes');
    await terminal.keys('y');
    await terminal.waitFor('Apply complete: 1 added, 1 changed, 0 removed.');
    expect(await sql(t, `SELECT is_staff FROM auth_user WHERE username = 'groucho'`)).toEqual([{ is_staff: true }]);
    expect(
      await sql(t, `SELECT g.name FROM auth_user_groups ug JOIN auth_group g ON g.id = ug.group_id JOIN auth_user u ON u.id = ug.user_id WHERE u.username = 'groucho'`),
    ).toEqual([{ name: 'editors' }]);
    // The command line shown produces exactly the result: run now, it has nothing to do.
    expect((await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--staff', '-g', 'editors', '--yes'])).stderr).toContain('No changes.');
    await terminal.keys('q');
    expect(await terminal.exitCode()).toBe(0);
  });

  it('a change made by another process between review and apply is detected and the new plan shown', async () => {
    const t = await seeded();
    terminal = new Terminal(accessctl(...t.options));
    await terminal.waitFor('1 of 5 users');
    await terminal.keys('Enter');
    await terminal.waitFor('user chico');
    await terminal.keys('s');
    await terminal.waitFor('1 pending change');
    await terminal.keys('a');
    await terminal.waitFor('~ user chico: is_staff false -> true');
    expect((await run(t, ['manage_user', 'chico', 'chico@example.com', '--staff', '--yes'])).code).toBe(0);
    await terminal.keys('y');
    const screen = await terminal.waitFor('The database changed since this plan was made. Nothing was written.');
    expect(screen).toContain('No changes.');
    await terminal.keys('C-c');
    expect(await terminal.exitCode()).toBe(130);
  });

  it('follows a resize', async () => {
    const t = await seeded();
    terminal = new Terminal(accessctl(...t.options));
    await terminal.waitFor('1 of 5 users');
    execFileSync('tmux', [...TMUX, 'resize-window', '-t', terminal.name, '-x', '120', '-y', '30']);
    const screen = await terminal.waitFor(/^\s*USERNAME.{80,}$/m);
    expect(screen.split('\n').length).toBeGreaterThanOrEqual(30);
    await terminal.keys('q');
  });
});

describe('without a terminal', () => {
  it('`accessctl` with no command prints the help instead of failing on raw mode', () => {
    const out = execFileSync(process.execPath, [BIN], { env: cleanEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toContain('Commands:');
    expect(out).toMatch(/console\s+Open the full-screen console/);
  });
});
