import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { consoleDatabase, KEY, renderConsole } from '../../../test/support/console.js';
import type { Target } from '../../../test/support/targets.js';

let target: Target;
// The console's own connection: a second one would wait for the embedded database's lock.
const sql = (_t: Target, text: string) => db.sql.query(text);
let db: Database;

beforeAll(async () => {
  ({ target, db } = await consoleDatabase());
});
afterAll(async () => {
  await db.close();
});

describe('ConsoleApp: browsing', () => {
  it('opens on the users, sorted by username, with the help bar and pending count, within 80×24', async () => {
    const c = renderConsole(db);
    const frame = await c.waitFor('1 of 3 users');
    const lines = frame.split('\n');
    expect(lines[0]).toContain('Users');
    expect(lines[1]).toMatch(/^USERNAME\s+EMAIL\s+STAFF\s+SUPER\s+ACTIVE\s+GROUPS/);
    expect(lines.slice(2, 5).map((l) => l.split(/\s+/)[0])).toEqual(['chico', 'groucho', 'harpo']);
    expect(lines[3]).toMatch(/groucho\s+groucho@example.com\s+yes\s+-\s+yes\s+1/);
    expect(frame).toContain('0 pending changes');
    expect(lines.at(-1)).toContain('enter open');
    expect(lines).toHaveLength(24);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    c.ui.unmount();
  });

  it('filters by username or email as you type (in the database)', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press('/', 'h', 'a', 'r');
    await c.waitFor((/^(?![\s\S]*groucho@)[\s\S]*harpo@/));
    await c.press(KEY.enter);
    await c.waitFor('1 of 1 users matching "har"');
    await c.press(KEY.enter);
    await c.waitFor('user harpo');
    c.ui.unmount();
  });

  it('shows a user: flags, groups, direct and effective permissions with their sources', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press(KEY.down, KEY.enter);
    const frame = await c.waitFor('effective permissions (2)');
    expect(frame).toContain('staff        true    superuser false    active true');
    expect(frame).toMatch(/groups \(1\)\n\s+editors/);
    expect(frame).toContain('myapp:thing:add_thing  Can add thing  [group editors]');
    c.ui.unmount();
  });

  it('switches sections with tab: groups with counts, a group, the permission tree, who has a permission, the matrix', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press(KEY.tab);
    let frame = await c.waitFor('1 of 2 groups');
    expect(frame).toMatch(/editors\s+1\s+2/);
    await c.press(KEY.enter);
    frame = await c.waitFor('members (1)');
    expect(frame).toMatch(/myapp › thing\n\s+add_thing\s+Can add thing/);
    await c.press(KEY.escape, KEY.tab);
    await c.waitFor('app › model › codename');
    // The tree arrives from the database after its header ("loading…" first): wait for it.
    frame = await c.waitFor(/^auth$/m);
    expect(frame).toMatch(/^auth$/m);
    await c.press('/', 'v', 'i', 'e', 'w', '_', 't', 'h', 'i', 'n', 'g', KEY.enter);
    await c.waitFor('filtered by "view_thing"');
    // The filtered tree arrives from the database after the last key: wait for it, not the old one.
    await c.waitFor(/^(?![\s\S]*add_thing)[\s\S]*view_thing/);
    await c.press(KEY.down, KEY.down, KEY.enter);
    frame = await c.waitFor('users through a group (1)');
    expect(frame).toContain('harpo  via viewers');
    await c.press(KEY.tab);
    await c.waitFor('matrix: choose an app');
    await c.press('j', 'j', KEY.enter);
    frame = await c.waitFor(/column 1\/\d+/);
    expect(frame).toMatch(/editors(\s+·){4}\s+■\s+■(\s+·){3}/);
    c.ui.unmount();
  });

  it('lists every key with ?', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press('?');
    const frame = await c.waitFor('Keys (users)');
    for (const key of ['tab', 'esc', 'review & apply', 'undo', 'quit', 'filter']) expect(frame).toContain(key);
    c.ui.unmount();
  });

  it('follows its size: 120 columns show more of each row', async () => {
    const c = renderConsole(db, { columns: 120, rows: 30 });
    const frame = await c.waitFor('1 of 3 users');
    expect(frame.split('\n')).toHaveLength(30);
    c.ui.unmount();
  });
});

describe('ConsoleApp: editing', () => {
  it('collects edits as pending changes, undoes with u, and asks before quitting with changes pending', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press(KEY.down, KEY.enter);
    await c.waitFor('user groucho');
    await c.press('s', 'S');
    let frame = await c.waitFor('2 pending changes');
    expect(frame).toContain('~ groucho: is_staff -> false');
    expect(frame).toContain('~ groucho: is_superuser -> true');
    await c.press('u');
    await c.waitFor('1 pending change');
    await c.press('q');
    frame = await c.waitFor('Quit and discard 1 pending change? y/N');
    await c.press('n');
    await c.waitFor('1 pending change');
    expect(c.exits).toEqual([]);
    await c.press('q', 'y');
    expect(c.exits).toEqual(['quit']);
  });

  it('reviews the plan with the command lines, and applies it in one transaction', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press(KEY.enter);
    await c.waitFor('user chico');
    await c.press('s', 'g');
    await c.waitFor('groups of chico');
    await c.press('v', 'i', 'e', KEY.enter);
    await c.waitFor('2 pending changes');
    await c.press('a');
    const frame = await c.waitFor('The same from a script:');
    expect(frame).toContain('~ user chico: is_staff false -> true');
    expect(frame).toContain('+ user chico: group viewers');
    expect(frame).toContain('Plan: 1 to add, 1 to change, 0 to remove.');
    expect(frame).toContain('accessctl manage_user chico chico@example.com --staff -g viewers --yes');
    await c.press('y');
    await c.waitFor('Apply complete: 1 added, 1 changed, 0 removed.');
    expect(await sql(target, `SELECT is_staff FROM auth_user WHERE username = 'chico'`)).toEqual([{ is_staff: true }]);
    c.ui.unmount();
  });

  it('detects a change made meanwhile, shows the new plan, and applies only after a second y', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press(KEY.tab);
    await c.waitFor('1 of 2 groups');
    await c.press(KEY.enter);
    await c.waitFor('members (1)');
    await c.press('p');
    await c.waitFor('permissions of editors');
    await c.press('d', 'e', 'l', 'e', 't', 'e', '_', 't', 'h', 'i', 'n', 'g', KEY.enter);
    await c.waitFor('1 pending change');
    await c.press('a');
    await c.waitFor('+ editors: myapp:thing:delete_thing');
    // Another operator grants it first, on another connection.
    await db.sql.query(`INSERT INTO auth_group_permissions (group_id, permission_id) SELECT g.id, p.id FROM auth_group g, auth_permission p WHERE g.name = 'editors' AND p.codename = 'delete_thing'`);
    await c.press('y');
    const frame = await c.waitFor('The database changed since this plan was made. Nothing was written.');
    expect(frame).toContain('No changes.');
    c.ui.unmount();
  });

  it("a picker's filter takes either notation, and the pending list shows the one printed everywhere", async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press(KEY.tab);
    await c.waitFor('1 of 2 groups');
    await c.press(KEY.enter);
    await c.waitFor('members (1)');
    await c.press('p');
    await c.waitFor('permissions of editors');
    await c.press(...'myapp.view_thing', KEY.enter);
    await c.waitFor('~ editors: grant myapp:thing:view_thing');
    await c.press('p');
    await c.waitFor('permissions of editors');
    await c.press(...'myapp:Thing:change_thing', KEY.enter);
    const frame = await c.waitFor('~ editors: revoke myapp:thing:change_thing');
    expect(frame).toContain('pending (2)');
    c.ui.unmount();
  });

  it('creates and renames a group, removes a user only when the name is typed', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press(KEY.enter);
    await c.waitFor('user chico');
    await c.press('D', 'x', KEY.enter);
    await c.waitFor('Not removed: the name typed did not match.');
    await c.press('D', ...'chico', KEY.enter);
    await c.waitFor('1 pending change');
    await c.press(KEY.escape, KEY.tab);
    await c.waitFor('of 2 groups');
    await c.press('n', ...'auditors', KEY.enter);
    await c.waitFor('2 pending changes');
    await c.press(KEY.down, KEY.enter);
    await c.waitFor('group viewers');
    await c.press('r', ...Array(7).fill(KEY.backspace), ...'readers', KEY.enter);
    await c.waitFor('3 pending changes');
    await c.press('a');
    const frame = await c.waitFor('Plan: ');
    expect(frame).toContain('+ group auditors');
    expect(frame).toContain('~ group viewers: name "viewers" -> "readers"');
    expect(frame).toContain('- user chico');
    expect(frame).toContain('accessctl manage_user chico chico@example.com --remove --yes');
    await c.press('y');
    await c.waitFor('Apply complete');
    expect((await sql(target, 'SELECT name FROM auth_group ORDER BY 1')).map((r) => r.name)).toEqual(['auditors', 'editors', 'readers']);
    expect((await sql(target, 'SELECT username FROM auth_user ORDER BY 1')).map((r) => r.username)).toEqual(['groucho', 'harpo']);
    c.ui.unmount();
  });

  it('--read-only: no edit keys in the help bar, and edits are ignored', async () => {
    const c = renderConsole(db, { readOnly: true });
    await c.waitFor(/1 of \d+ users/);
    expect(c.frame()).toContain('[read-only]');
    await c.press(KEY.enter);
    const frame = await c.waitFor(/user \w+/);
    expect(frame).not.toContain('s staff');
    await c.press('s', 'D');
    expect(c.frame()).toContain('0 pending changes');
    await c.press('a');
    await c.waitFor('Read-only: nothing can be applied.');
    c.ui.unmount();
  });

  it('Ctrl+C exits as interrupted', async () => {
    const c = renderConsole(db);
    await c.waitFor('of');
    await c.press(KEY.ctrlC);
    expect(c.exits).toEqual(['interrupted']);
  });
});

describe('ConsoleApp: creating', () => {
  it('creates a user from a username and an email, each typed in its own field', async () => {
    const c = renderConsole(db);
    await c.waitFor(/1 of \d+ users/);
    await c.press('n', ...'zeppo', KEY.enter);
    await c.waitFor('new user zeppo, email:');
    await c.press(...'zeppo@example.com', KEY.enter);
    await c.waitFor('1 pending change');
    await c.press('a');
    const frame = await c.waitFor('The same from a script:');
    expect(frame).toContain('+ user zeppo (email zeppo@example.com,');
    expect(frame).toContain('accessctl manage_user zeppo zeppo@example.com --yes');
    c.ui.unmount();
  });
});
