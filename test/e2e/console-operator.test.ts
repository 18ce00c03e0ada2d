import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, hasTmux, Terminal } from '../support/tmux.js';
import { cleanEnv, pgServer, run, serverTarget, sql, type Target } from '../support/targets.js';
import { tempFolder } from '../support/temp-folders.js';

// What only a real terminal shows: keys in one chunk, quitting mid-read, Ctrl+C, stderr redirected,
// no terminal at all. Run on the built binary (`npm run build`: bin/accessctl.js then runs dist/).
const shell = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const accessctl = (...args: string[]) => [process.execPath, BIN, ...args].map(shell).join(' ');

async function seeded(): Promise<Target> {
  const t = await serverTarget('django');
  await run(t, ['manage_group', 'editors', '-p', 'myapp:Thing:add_thing', '--yes']);
  await run(t, ['manage_group', 'viewers', '-p', 'myapp:Thing:view_thing', '--yes']);
  for (const name of ['chico', 'groucho', 'gummo', 'harpo', 'zeppo']) await run(t, ['manage_user', name, `${name}@example.com`, '--yes']);
  return t;
}

const noCrash = (screen: string) => {
  expect(screen).not.toMatch(/Connection terminated|Error:|\n\s+at /);
};

describe('without a terminal', () => {
  it('-V prints the version, as --version does', () => {
    const out = execFileSync(process.execPath, [BIN, '-V'], { env: cleanEnv(), encoding: 'utf8' });
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('a console option without a terminal says the console needs one (not "unrecognized option")', () => {
    const dataDir = path.join(tempFolder('accessctl-test-'), 'data');
    const result = spawnSync(process.execPath, [BIN, '--read-only', '--data-dir', dataDir], { env: cleanEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(result.stderr).toContain('the console needs a terminal');
    expect(result.stderr).not.toContain('unrecognized');
    expect(result.status).toBe(2);
  });
});

describe.skipIf(!hasTmux || !pgServer())('the console for operators, in a real terminal (tmux, PostgreSQL server)', () => {
  let terminal: Terminal | undefined;
  afterEach(() => terminal?.close());

  it('runs with stderr sent to a file: only stdin and stdout need to be a terminal', async () => {
    const t = await seeded();
    const log = path.join(tempFolder('accessctl-test-'), 'log');
    terminal = new Terminal(`${accessctl('console', ...t.options)} 2>${shell(log)}`);
    await terminal.waitFor('1 of 5 users');
    terminal.send('q');
    expect(await terminal.exitCode()).toBe(0);
    // Nothing but terminal control (Ink shows the cursor again on stderr): no message, no stack.
    expect(readFileSync(log, 'utf8').replace(/\u001b\[[?0-9;]*[a-zA-Z]/g, '')).toBe('');
  });

  it('handles every key of a chunk: jjjj moves four rows, three tabs three sections', async () => {
    const t = await seeded();
    terminal = new Terminal(accessctl(...t.options));
    await terminal.waitFor('1 of 5 users');
    terminal.send('-l', 'jjjj');
    await terminal.waitFor('5 of 5 users');
    terminal.send('-l', '\t\t\t');
    await terminal.waitFor('matrix: choose an app');
    terminal.send('q');
    expect(await terminal.exitCode()).toBe(0);
  });

  it('quitting while a list is still being read exits cleanly (no crash, no stack)', async () => {
    const t = await seeded();
    terminal = new Terminal(accessctl(...t.options));
    await terminal.waitFor('1 of 5 users');
    // Tab starts reading the groups; q comes in the same chunk, before they arrive.
    terminal.send('-l', '\tq');
    const code = await terminal.exitCode();
    noCrash(terminal.screen());
    expect(code).toBe(0);
  });

  it('quitting while the database is still opening exits cleanly', async () => {
    const t = await seeded();
    terminal = new Terminal(accessctl(...t.options));
    await terminal.waitFor(/connecting to the database server…|of 5 users/);
    terminal.send('q');
    expect(await terminal.exitCode()).toBe(0);
    noCrash(terminal.screen());
  });

  it('Ctrl+C with changes pending asks; a second Ctrl+C quits (130) and nothing is written', async () => {
    const t = await seeded();
    terminal = new Terminal(accessctl(...t.options));
    await terminal.waitFor('1 of 5 users');
    terminal.send('Enter');
    await terminal.waitFor('user chico');
    terminal.send('s');
    await terminal.waitFor('1 pending change');
    terminal.send('C-c');
    await terminal.waitFor('Quit and discard 1 pending change? y/N (Ctrl+C again quits)');
    terminal.send('C-c');
    expect(await terminal.exitCode()).toBe(130);
    expect(await sql(t, `SELECT is_staff FROM auth_user WHERE username = 'chico'`)).toEqual([{ is_staff: false }]);
  });
});

describe.skipIf(!hasTmux || !pgServer())('an operator’s session by keys alone (tmux, PostgreSQL server)', () => {
  let terminal: Terminal | undefined;
  afterEach(() => terminal?.close());

  it.each([
    [80, 24],
    [200, 50],
  ])('at %i×%i: filter, select three, add them to a group, staff twice (no change), review per user, apply', async (columns, rows) => {
    const t = await seeded();
    terminal = new Terminal(accessctl(...t.options), { columns, rows });
    await terminal.waitFor('1 of 5 users');
    // Users with an "h": chico, groucho, harpo.
    terminal.send('/');
    terminal.send('-l', 'h');
    await terminal.waitFor(/^\/h/m);
    terminal.send('Enter');
    await terminal.waitFor('1 of 3 users matching "h"');
    terminal.send('-l', '   ');
    await terminal.waitFor('3 selected');
    terminal.send('m');
    await terminal.waitFor('add 3 selected users to groups');
    terminal.send('-l', 'editors');
    await terminal.waitFor(/❯\s+editors/);
    terminal.send('Enter');
    await terminal.waitFor('3 pending changes');
    terminal.send('Home', 'Enter');
    await terminal.waitFor('user chico');
    terminal.send('s');
    await terminal.waitFor('chico: is_staff -> true');
    terminal.send('s');
    await terminal.waitFor(/3 pending changes(?![\s\S]*is_staff -> true)/);
    terminal.send('a');
    const review = await terminal.waitFor('Permissions each user gains (+) and loses (-):');
    for (const name of ['chico', 'groucho', 'harpo']) expect(review).toContain(`+ user ${name}: group editors`);
    expect(review).toMatch(/chico\n\s+\+ myapp:thing:add_thing/);
    expect(review).not.toContain('is_staff');
    terminal.send('y');
    await terminal.waitFor('Apply complete: 3 added, 0 changed, 0 removed.');
    const members = await sql(
      t,
      `SELECT u.username FROM auth_user_groups ug JOIN auth_user u ON u.id = ug.user_id JOIN auth_group g ON g.id = ug.group_id WHERE g.name = 'editors' ORDER BY 1`,
    );
    expect(members.map((r) => r.username)).toEqual(['chico', 'groucho', 'harpo']);
    expect(await sql(t, `SELECT count(*)::int AS n FROM auth_user WHERE is_staff`)).toEqual([{ n: 0 }]);
    terminal.send('u');
    await terminal.waitFor('Nothing to undo.');
    terminal.send('q');
    expect(await terminal.exitCode()).toBe(0);
  });
});
