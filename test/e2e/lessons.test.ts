import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasTmux, Terminal } from '../support/tmux.js';
import { cleanEnv, sql, type Target } from '../support/targets.js';
import { tempFolder } from '../support/temp-folders.js';

/**
 * A busy machine (two cores, a whole team's tests) may take long between a key and its frame: wait
 * up to 90 s for each. Keys are sent as soon as the program reads keys: the console holds a key
 * that arrives before its screen has read what it acts on, so no pause is needed between them.
 */
class PatientTerminal extends Terminal {
  override waitFor(text: string | RegExp, timeoutMs = 90_000): Promise<string> {
    return super.waitFor(text, timeoutMs);
  }
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const shell = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The panel's text as one line: its borders and the wrapping of its lines taken out. */
function panel(screen: string): string {
  const lines = screen.split('\n');
  const top = lines.findIndex((line) => line.startsWith('┌'));
  const bottom = lines.findIndex((line, i) => i > top && line.startsWith('└'));
  return lines
    .slice(top + 1, bottom)
    .map((line) => line.replace(/^│ ?/, '').replace(/\s*│\s*$/, ''))
    .join(' ')
    .replace(/\s+/g, ' ');
}

describe.skipIf(!hasTmux)('every built-in lesson, done by keys alone in a real terminal, on the built binary', () => {
  let bundle: string;
  let sandbox: Target;
  let terminal: Terminal | undefined;
  const demo = (...args: string[]) => [process.execPath, path.join(bundle, 'accessctl.mjs'), 'demo', ...sandbox.options, ...args].map(shell).join(' ');

  beforeAll(() => {
    // The bundle as `npm run build` makes it, built beside the tests so that dist/ is left alone.
    bundle = tempFolder('accessctl-bundle-');
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { env: { ...process.env, ACCESSCTL_DIST: bundle }, stdio: 'ignore' });
    const dataDir = path.join(tempFolder('accessctl-e2e-demo-'), 'demo');
    sandbox = { kind: 'embedded', options: ['--data-dir', dataDir], dataDir };
    // Without a terminal, demo builds the sandbox and says so.
    const built = execFileSync(process.execPath, [path.join(bundle, 'accessctl.mjs'), 'demo', ...sandbox.options], {
      env: cleanEnv(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(built).toBe('');
  }, 600_000);
  afterEach(() => terminal?.close());
  afterAll(() => terminal?.close());

  /** Opens the demo and waits for the lesson panel to offer the step. */
  async function open(heading: string, ...args: string[]): Promise<Terminal> {
    terminal?.close();
    terminal = new PatientTerminal(demo(...args));
    await terminal.waitFor(heading, 180_000);
    return terminal;
  }

  async function answer(t: Terminal, text: string, next: string) {
    await t.keys('E');
    await type(t, /your answer: /, text);
    await t.keys('Enter');
    return t.waitFor(next);
  }

  /** Types into the field just opened, once the screen shows it, and waits until the text shows. */
  async function type(t: Terminal, field: RegExp, text: string) {
    await t.waitFor(field);
    await t.keys('-l', '--', text);
    await t.waitFor(text);
  }

  /** Filters the list shown (users or groups) down to one name, and opens it. */
  async function open1(t: Terminal, name: string, heading: string) {
    await t.keys('/');
    // The list keeps its last filter (issue 11): Ctrl+U clears it first.
    await t.keys('C-u');
    await type(t, /^\/\s*$/m, name);
    await t.keys('Enter');
    await t.waitFor(`matching "${name}"`);
    await t.keys('Enter');
    await t.waitFor(`${heading} ${name}`);
  }
  const openUser = (t: Terminal, username: string) => open1(t, username, 'user');

  async function toggleInPicker(t: Terminal, key: string, title: string, text: string, pending: string) {
    await t.keys(key);
    await t.waitFor(title);
    await type(t, /filter: /, text);
    await t.keys('Enter');
    await t.waitFor(pending);
  }

  async function newGroup(t: Terminal, name: string) {
    await t.keys('n');
    await type(t, /new group, name: /, name);
    await t.keys('Enter');
    await t.waitFor('1 pending change');
  }

  async function reviewAndApply(t: Terminal, next: string) {
    await t.keys('a');
    await t.waitFor('The same from a script:');
    await t.keys('y');
    return t.waitFor(next);
  }

  it('1. reading access: answers found on the screens', { timeout: 600_000 }, async () => {
    const t = await open('Lesson: Reading access — step 1 of 4');
    expect(panel(t.screen())).toContain('Django decides what a user may do');
    await openUser(t, 'bob');
    await t.keys('H');
    await t.waitFor('Hint: A user\'s screen lists "groups (N)"');
    await answer(t, 'Warehouse, finance', 'step 2 of 4');
    await answer(t, 'editors', 'Not quite; try again');
    await answer(t, 'finance', 'step 3 of 4');
    await answer(t, 'active', 'step 4 of 4');
    const screen = await answer(t, 'superuser', 'Reading access — complete');
    expect(panel(screen)).toContain('Next: quit (q) and run `accessctl demo` (or `accessctl demo --lesson groups-and-flags`)');
    await t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('2. groups and flags: edits, undo, review, apply; progress survives quitting', { timeout: 600_000 }, async () => {
    let t = await open('Lesson: Groups and flags — step 1 of 4');
    await openUser(t, 'maria');
    await toggleInPicker(t, 'g', 'groups of maria', 'support_agents', '1 pending change');
    let screen = await reviewAndApply(t, 'step 2 of 4');
    expect(panel(screen)).toContain('✓ Step 1 done. From a script you would write: accessctl manage_user maria maria@example.com -g support_agents warehouse --yes');
    await t.keys('q');
    expect(await t.exitCode()).toBe(0);

    t = await open('Lesson: Groups and flags — step 2 of 4');
    await openUser(t, 'maria');
    await t.keys('s');
    await t.waitFor('1 pending change');
    await t.keys('S');
    // The plan of both edits is made (the undo then says the counts before and after).
    await t.waitFor('2 pending changes');
    await t.keys('u');
    await t.waitFor('Undid: 2 -> 1 pending');
    screen = await reviewAndApply(t, 'step 3 of 4');
    expect(panel(screen)).toContain('accessctl manage_user maria maria@example.com --staff -g support_agents warehouse --yes');
    await t.keys('Escape');
    await t.waitFor(/of \d+ users/);
    await openUser(t, 'carol');
    await toggleInPicker(t, 'g', 'groups of carol', 'support_agents', '1 pending change');
    screen = await reviewAndApply(t, 'step 4 of 4');
    // manage_user leaves is_active as it is: carol stays inactive.
    expect(panel(screen)).toContain('From a script you would write: accessctl manage_user carol carol@example.com --yes');
    await answer(t, 'no', 'Groups and flags — complete');
    await t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('3. a group with exact permissions, and the diff of moving bob into it', { timeout: 600_000 }, async () => {
    // By name: this lesson does not depend on the ones before it.
    const t = await open('Lesson: A group with exact permissions — step 1 of 4', '--lesson', 'exact-group');
    await t.keys('Tab');
    await t.waitFor('of 9 groups');
    await newGroup(t, 'refunds');
    await reviewAndApply(t, 'step 2 of 4');
    await open1(t, 'refunds', 'group');
    await toggleInPicker(t, 'p', 'permissions of refunds', 'refund_order', '1 pending change');
    await toggleInPicker(t, 'p', 'permissions of refunds', 'view_order', '2 pending changes');
    let screen = await reviewAndApply(t, 'step 3 of 4');
    expect(panel(screen)).toContain('accessctl manage_group refunds -p shop:order:refund_order shop:order:view_order --yes');
    await t.keys('Escape');
    // The list keeps its filter when a group is left (issue 11): refunds is there.
    await t.waitFor('1 of 1 groups matching "refunds"');
    await t.keys('Tab');
    await t.keys('Tab');
    await t.keys('Tab');
    await t.waitFor(/of 59 users/);
    await openUser(t, 'bob');
    await toggleInPicker(t, 'g', 'groups of bob', 'refunds', '1 pending change');
    await toggleInPicker(t, 'g', 'groups of bob', 'finance', '2 pending changes');
    await t.keys('a');
    screen = await t.waitFor('The same from a script:');
    expect(screen).toMatch(/^\+ user bob: group refunds$/m);
    expect(screen).toMatch(/^- user bob: group finance$/m);
    await t.keys('y');
    screen = await t.waitFor('step 4 of 4');
    expect(panel(screen)).toContain('accessctl manage_user bob bob@example.com -g refunds warehouse --yes');
    await answer(t, 'no', 'A group with exact permissions — complete');
    await t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('4. scripting it: the command lines of each change, and the options scripts use', { timeout: 600_000 }, async () => {
    const t = await open('Lesson: Scripting it — step 1 of 5', '--lesson', 'scripting');
    await t.keys('Tab');
    await t.waitFor(/of \d+ groups/);
    await newGroup(t, 'auditors_eu');
    // Applied, but the group has no permission yet: the step says what is missing and stays open.
    let screen = await reviewAndApply(t, 'the step is not done yet');
    expect(panel(screen)).toContain('Applied, but the step is not done yet: group "auditors_eu" lacks shop:order:view_order.');
    await open1(t, 'auditors_eu', 'group');
    await toggleInPicker(t, 'p', 'permissions of auditors_eu', 'view_order', '1 pending change');
    screen = await reviewAndApply(t, 'step 2 of 5');
    expect(panel(screen)).toContain('From a script you would write: accessctl manage_group auditors_eu -p shop:order:view_order --yes');
    await answer(t, 'removed', 'step 3 of 5');
    await t.keys('Escape');
    await t.waitFor(/of \d+ groups/);
    await t.keys('Tab');
    await t.keys('Tab');
    await t.keys('Tab');
    await t.waitFor(/of 59 users/);
    await openUser(t, 'henry');
    await toggleInPicker(t, 'g', 'groups of henry', 'auditors', '1 pending change');
    screen = await reviewAndApply(t, 'step 4 of 5');
    expect(panel(screen)).toContain('accessctl manage_user henry henry@example.com --staff -g auditors --yes');
    await answer(t, '2', 'step 5 of 5');
    screen = await answer(t, '-f', 'Scripting it — complete');
    expect(panel(screen)).toContain('`accessctl lessons` lists the lessons.');
    await t.keys('q');
    expect(await t.exitCode()).toBe(0);

    // What the lessons did is in the sandbox, and every lesson is recorded as complete.
    expect(await sql(sandbox, `SELECT lesson, steps_done FROM accessctl_demo_progress ORDER BY lesson`)).toEqual([
      { lesson: 'exact-group', steps_done: 4 },
      { lesson: 'groups-and-flags', steps_done: 4 },
      { lesson: 'reading-access', steps_done: 4 },
      { lesson: 'scripting', steps_done: 5 },
    ]);
    const groupsOf = async (username: string) =>
      (
        await sql(
          sandbox,
          `SELECT g.name FROM auth_user_groups ug JOIN auth_group g ON g.id = ug.group_id JOIN auth_user u ON u.id = ug.user_id WHERE u.username = $1 ORDER BY 1`,
          [username],
        )
      ).map((r) => r.name);
    expect(await groupsOf('bob')).toEqual(['refunds', 'warehouse']);
    expect(await groupsOf('henry')).toEqual(['auditors']);
    expect(await groupsOf('carol')).toEqual([]);
  });
});
