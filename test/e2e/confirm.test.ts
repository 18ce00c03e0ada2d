import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, hasTmux, Terminal } from '../support/tmux.js';
import { dumpAuth, embeddedTarget, pgServer, run, serverTarget, sql } from '../support/targets.js';

const shell = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const HASH = 'pbkdf2_sha256$260000$abcdefgh12345678$eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHg=';
const accessctl = (...args: string[]) => [process.execPath, BIN, ...args].map(shell).join(' ');

describe.skipIf(!hasTmux)('confirmation on a real terminal (tmux)', () => {
  let terminal: Terminal | undefined;
  afterEach(() => terminal?.close());

  it('shows the plan, asks (default no), and applies on "y"', async () => {
    const t = await embeddedTarget('migrated');
    terminal = new Terminal(accessctl('manage_group', 'editors', ...t.options));
    const screen = await terminal.waitFor('Apply these changes?');
    expect(screen).toContain('+ group editors');
    expect(screen).toContain('Plan: 1 to add, 0 to change, 0 to remove.');
    expect(screen).toContain('y/N');
    await terminal.keys('y');
    expect(await terminal.exitCode()).toBe(0);
    expect(terminal.screen()).toContain('Apply complete: 1 added, 0 changed, 0 removed.');
    expect(await sql(t, 'SELECT name FROM auth_group')).toEqual([{ name: 'editors' }]);
  });

  it.each([['n'], ['Enter'], ['Escape']])('changes nothing on %s', async (key) => {
    const t = await embeddedTarget('migrated');
    const before = await dumpAuth(t);
    terminal = new Terminal(accessctl('manage_group', 'editors', ...t.options));
    await terminal.waitFor('Apply these changes?');
    await terminal.keys(key);
    expect(await terminal.exitCode()).toBe(1);
    expect(terminal.screen()).toContain('Cancelled; nothing was changed.');
    expect(await dumpAuth(t)).toBe(before);
  });

  it('Ctrl+C at the prompt exits non-zero and changes nothing', async () => {
    const t = await embeddedTarget('migrated');
    const before = await dumpAuth(t);
    terminal = new Terminal(accessctl('manage_group', 'editors', ...t.options));
    await terminal.waitFor('Apply these changes?');
    await terminal.keys('C-c');
    expect(await terminal.exitCode()).toBe(130);
    expect(await dumpAuth(t)).toBe(before);
  });

  // Standard input read to its end (Ctrl+D) cannot be read again: the answer must still reach the prompt.
  it('asks and applies on "y" after an access file typed on standard input', async () => {
    const t = await embeddedTarget('migrated');
    terminal = new Terminal(accessctl('apply', '-f', '-', ...t.options));
    // The terminal keeps what is typed (and the end, Ctrl+D) until the program reads it.
    terminal.send('-l', 'groups: {editors: []}');
    terminal.send('Enter', 'C-d');
    await terminal.waitFor('Apply these changes?');
    await terminal.keys('y');
    expect(await terminal.exitCode()).toBe(0);
    expect(terminal.screen()).toContain('Apply complete: 1 added, 0 changed, 0 removed.');
    expect(await sql(t, 'SELECT name FROM auth_group')).toEqual([{ name: 'editors' }]);
  });

  it('a password hash typed on the terminal is asked for and never shown; the plan is then asked and applied', async () => {
    const t = await embeddedTarget('migrated');
    terminal = new Terminal(accessctl('manage_user', 'groucho', 'groucho@example.com', '--initial-password-hash-file', '-', ...t.options));
    await terminal.waitFor('Initial password hash (not shown; Enter ends it): ');
    // A slip corrected with Backspace is no part of the hash.
    await terminal.keys('-l', `${HASH}x`);
    terminal.send('BSpace', 'Enter');
    const screen = await terminal.waitFor('Apply these changes?');
    expect(screen).not.toContain('pbkdf2');
    expect(screen).not.toContain('eHh4');
    await terminal.keys('y');
    expect(await terminal.exitCode()).toBe(0);
    expect(terminal.screen()).toContain('Apply complete: 1 added, 0 changed, 0 removed.');
    expect(terminal.screen()).not.toContain('pbkdf2');
    expect(await sql(t, 'SELECT password FROM auth_user')).toEqual([{ password: HASH }]);
  });

  it('Ctrl+C at the password hash prompt exits 130 and changes nothing', async () => {
    const t = await embeddedTarget('migrated');
    const before = await dumpAuth(t);
    terminal = new Terminal(accessctl('manage_user', 'groucho', 'groucho@example.com', '--initial-password-hash-file', '-', ...t.options));
    await terminal.waitFor('Initial password hash (not shown; Enter ends it): ');
    await terminal.keys('-l', 'pbkdf2_sha256$1');
    terminal.send('C-c');
    expect(await terminal.exitCode()).toBe(130);
    expect(terminal.screen()).toContain('interrupted; nothing was changed');
    expect(terminal.screen()).not.toContain('pbkdf2');
    expect(await dumpAuth(t)).toBe(before);
  });

  it.skipIf(!pgServer())('a change made by another process while the prompt is open is detected, and the new plan shown and asked', async () => {
    const t = await serverTarget('django');
    terminal = new Terminal(accessctl('manage_group', 'editors', '-p', 'myapp:Thing:add_thing', 'myapp:Thing:change_thing', ...t.options));
    await terminal.waitFor('Plan: 3 to add, 0 to change, 0 to remove.');
    await terminal.waitFor('Apply these changes?');
    // Another operator, meanwhile:
    expect((await run(t, ['manage_group', 'editors', '-p', 'myapp:Thing:add_thing', 'myapp:Thing:view_thing', '--yes'])).code).toBe(0);
    await terminal.keys('y');
    const screen = await terminal.waitFor('The new plan:');
    expect(screen).toMatch(/new plan:\n\+ editors: myapp:thing:change_thing\n- editors: myapp:thing:view_thing\nPlan: 1 to add, 0 to change, 1 to remove\./);
    await terminal.waitFor(/new plan:[\s\S]*Apply these changes\?/);
    await terminal.keys('y');
    expect(await terminal.exitCode()).toBe(0);
    const perms = await sql(t, `SELECT p.codename FROM auth_group_permissions gp JOIN auth_permission p ON p.id = gp.permission_id ORDER BY 1`);
    expect(perms.map((r) => r.codename)).toEqual(['add_thing', 'change_thing']);
  });
});

describe('without a terminal', () => {
  it('the real binary refuses without --yes, naming --yes and --dry-run, and changes nothing', async () => {
    const t = await embeddedTarget('migrated');
    const before = await dumpAuth(t);
    let code = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [BIN, 'manage_group', 'editors', ...t.options], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    } catch (error) {
      ({ status: code, stderr } = error as { status: number; stderr: string });
    }
    expect(code).toBe(1);
    expect(stderr).toContain('Re-run with --yes to apply, or with --dry-run to only show the plan.');
    expect(await dumpAuth(t)).toBe(before);
  });
});
