import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { consoleDatabase, KEY, renderConsole } from '../../../test/support/console.js';
import { testJournal } from '../../../test/support/journal.js';
import { backendOf, type ConsoleBackend } from './backend.js';

// The console's own connection: a second one would wait for the embedded database's lock.
const sql = (text: string, params: unknown[] = []) => db.sql.query(text, params);
let db: Database;

beforeAll(async () => {
  ({ db } = await consoleDatabase());
});
afterAll(async () => {
  await db.close();
});

const firstColumn = (line: string) => line.trim().split(/\s+/)[0];

describe('ConsoleApp: browsing', () => {
  it('opens on the users, sorted by username, with the help bar and pending count, within 80×24', async () => {
    const c = renderConsole(db);
    const frame = await c.waitFor('1 of 3 users');
    const lines = frame.split('\n');
    expect(lines[0]).toContain('Users');
    expect(lines[1]).toMatch(/^\s*USERNAME\s+EMAIL\s+STAFF\s+SUPER\s+ACTIVE\s+GROUPS/);
    expect(lines.slice(2, 5).map(firstColumn)).toEqual(['chico', 'groucho', 'harpo']);
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
    await c.waitFor(/^(?![\s\S]*groucho@)[\s\S]*harpo@/);
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
    expect(frame).toContain('staff        true   superuser false  active true');
    expect(frame).toMatch(/groups \(1\)\n\s+editors/);
    expect(frame).toContain('myapp:thing:add_thing  Can add thing  [group editors]');
    c.ui.unmount();
  });

  it('finds in a detail screen: / types a text, n and N go to the next and previous line with it; r reads the list again', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press(KEY.down, KEY.enter);
    await c.waitFor('effective permissions (2)');
    await c.press('/', ...'THING', KEY.enter);
    // Case-insensitive: the two effective permissions of myapp's thing (the direct ones are none).
    await c.waitFor('match 1 of 2 · n/N next/previous');
    await c.press('n');
    await c.waitFor('match 2 of 2');
    await c.press('n');
    await c.waitFor('match 1 of 2');
    await c.press('N');
    const frame = await c.waitFor('match 2 of 2');
    expect(frame).toContain('myapp:thing:change_thing');
    await c.press('/', ...'nothing here', KEY.enter);
    await c.waitFor('no line contains "nothing here"');
    await c.press(KEY.escape);
    await c.waitFor('2 of 3 users');
    await c.press('r');
    await c.waitFor('Refreshed from the database.');
    c.ui.unmount();
  });

  it('switches sections with tab: groups with counts, a group, the permission tree, who holds a permission, the matrix', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press(KEY.tab);
    let frame = await c.waitFor('1 of 2 groups');
    expect(frame).toMatch(/editors\s+1\s+2/);
    await c.press(KEY.enter);
    frame = await c.waitFor('members (1)');
    expect(frame).toMatch(/myapp › thing\n\s+add_thing\s+Can add thing/);
    await c.press(KEY.escape, KEY.tab);
    frame = await c.waitFor(/^auth$/m);
    expect(frame).toContain('app › model › codename');
    await c.press('/', ...'view_thing', KEY.enter);
    await c.waitFor('filtered by "view_thing"');
    await c.waitFor(/^(?![\s\S]*(add_thing|view_group))[\s\S]*view_thing\s+Can view thing/);
    await c.press(KEY.down, KEY.down, KEY.enter);
    frame = await c.waitFor('users who hold it (1)');
    expect(frame).toContain('harpo  via group viewers');
    await c.press(KEY.tab);
    await c.waitFor('myapp');
    await c.press('j', 'j', KEY.enter);
    await c.waitFor(/column 1\/9/);
    await c.press('l', 'l', 'l', 'l');
    frame = await c.waitFor('column 5/9: myapp:thing:add_thing');
    // Column headers name the codename.
    expect(frame).toMatch(/myapp\s+view_specialth…\s+add_thing\s+change_thing/);
    expect(frame).toMatch(/editors\s+·\s+■\s+■/);
    c.ui.unmount();
  });

  it('? opens a help screen: keys grouped by screen, and the words a newcomer needs', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press('?');
    let frame = await c.waitFor('Keys and words');
    for (const text of ['Everywhere', 'review & apply', 'undo', 'quit', 'Users list (this screen)', 'filter']) expect(frame).toContain(text);
    await c.press('G');
    frame = await c.waitFor('Words');
    expect(frame.replace(/\s+/g, ' ')).toContain('A superuser who is not staff cannot open the admin.');
    for (const word of ['content type', 'proxy model', 'staff', 'active']) expect(frame).toContain(word);
    await c.press(KEY.escape);
    await c.waitFor('1 of 3 users');
    c.ui.unmount();
  });

  it('follows its size: 120 columns show more of each row', async () => {
    const c = renderConsole(db, { columns: 120, rows: 30 });
    const frame = await c.waitFor('1 of 3 users');
    expect(frame.split('\n')).toHaveLength(30);
    c.ui.unmount();
  });

  it('every key of a chunk lands, in order: jj moves two rows, three tabs go three sections on, lll three columns', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.chunk('jj');
    await c.waitFor('3 of 3 users');
    await c.chunk('\t\t\t');
    await c.waitFor('myapp');
    await c.chunk('jj\r', 3);
    await c.waitFor(/column 1\/\d+/);
    await c.chunk('lll');
    await c.waitFor(/column 4\/\d+/);
    // A Tab and a key after it in one chunk: the key goes to the section the Tab opened.
    await c.chunk('\tk', 2);
    await c.waitFor('2 of 3 users');
    c.ui.unmount();
  });

  it('each section keeps its filter and cursor across Esc from a detail screen and Tab away and back', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press('/', 'c', 'h', KEY.enter);
    await c.waitFor('1 of 2 users matching "ch"');
    await c.press('j', KEY.enter);
    await c.waitFor('user groucho');
    await c.press(KEY.escape);
    await c.waitFor('2 of 2 users matching "ch"');
    await c.press(KEY.tab);
    await c.waitFor('of 2 groups');
    await c.press('j', KEY.tab, KEY.tab, KEY.tab);
    await c.waitFor('2 of 2 users matching "ch"');
    await c.press('2');
    await c.waitFor('2 of 2 groups');
    await c.press('1', KEY.ctrlU);
    await c.waitFor(/\d of 3 users$/m);
    c.ui.unmount();
  });

  it('g/G, Home/End jump to the ends of a list', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press('G');
    await c.waitFor('3 of 3 users');
    await c.press('g');
    await c.waitFor('1 of 3 users');
    await c.press(KEY.end);
    await c.waitFor('3 of 3 users');
    await c.press(KEY.home);
    await c.waitFor('1 of 3 users');
    c.ui.unmount();
  });

  it('the footer fits the width and always shows ? keys and q quit', async () => {
    for (const columns of [80, 120]) {
      const c = renderConsole(db, { columns });
      const frame = await c.waitFor('1 of 3 users');
      const footer = frame.split('\n').at(-1)!;
      expect(footer).toContain('? keys');
      expect(footer).toContain('q quit');
      expect(footer.length).toBeLessThan(columns);
      c.ui.unmount();
    }
  });

  it('shows names with control characters escaped, never raw', async () => {
    await sql(`INSERT INTO auth_group (name) VALUES ($1)`, ['ops\u001b]2;PWNED\u0007']);
    await sql(
      `INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined) VALUES ('!', false, $1, '', '', 'nl@example.com', false, true, now())`,
      ['new\nline'],
    );
    try {
      const c = renderConsole(db);
      let frame = await c.waitFor('1 of 4 users');
      expect(frame).toContain('new\\nline');
      await c.press(KEY.tab);
      frame = await c.waitFor('of 3 groups');
      expect(frame).toContain('ops\\e]2;PWNED\\u0007');
      expect(frame).not.toContain('\u001b');
      expect(frame).not.toContain('\u0007');
      await c.press('j', KEY.enter);
      frame = await c.waitFor('group ops');
      expect(frame).not.toContain('\u001b');
      c.ui.unmount();
    } finally {
      await sql(`DELETE FROM auth_group WHERE name = $1`, ['ops\u001b]2;PWNED\u0007']);
      await sql(`DELETE FROM auth_user WHERE username = $1`, ['new\nline']);
    }
  });
});

describe('ConsoleApp: list filters and sorting', () => {
  it('filters users like the admin (staff, member of a group, holds a permission), with the text filter, and sorts by date joined', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press('f', ...'staff', KEY.enter);
    await c.waitFor(/^\s+groucho[\s\S]*1 of 1 users · staff$/m);
    await c.press('f', KEY.ctrlU, ...'holds:myapp:Thing:view_thing', KEY.enter);
    await c.waitFor(/^\s+harpo[\s\S]*1 of 1 users · holds:myapp:thing:view_thing$/m);
    await c.press('f', KEY.ctrlU, ...'!staff group:viewers', KEY.enter);
    await c.waitFor(/^\s+harpo[\s\S]*1 of 1 users · !staff group:viewers$/m);
    await c.press('f', KEY.ctrlU, ...'nonsense');
    await c.waitFor('unknown filter "nonsense"');
    await c.press(KEY.ctrlU, KEY.enter, '/', 'o', KEY.enter);
    await c.waitFor('1 of 3 users matching "o"');
    // Date joined, newest first: the fixture created groucho, harpo, chico in that order.
    await c.press('o', 'o');
    await c.waitFor(/^\s+chico.*\n\s+harpo.*\n\s+groucho[\s\S]*sorted by date joined, newest first/m);
    await c.press('j', 'j');
    await c.waitFor('3 of 3 users matching "o"');
    await c.press('G', 'k');
    await c.waitFor('2 of 3 users matching "o"');
    c.ui.unmount();
  });
});

describe('ConsoleApp: groups list filters and sorting', () => {
  it('filters groups (has a permission, a member, empty) and sorts them by members or permissions, most first', async () => {
    const c = renderConsole(db, { columns: 120 });
    await c.waitFor(/1 of \d+ users/);
    await c.press(KEY.tab);
    await c.waitFor('1 of 2 groups');
    await c.press('f', ...'has:myapp:thing:view_thing', KEY.enter);
    let frame = await c.waitFor(/viewers\s+1\s+1\n1 of 1 groups · has:myapp:thing:view_thing/);
    expect(frame).not.toContain('editors');
    await c.press('f', KEY.ctrlU, ...'member:groucho !empty', KEY.enter);
    frame = await c.waitFor(/editors\s+1\s+2\n1 of 1 groups · !empty member:groucho/);
    expect(frame).not.toContain('viewers');
    await c.press('f', KEY.ctrlU, ...'empty');
    await c.waitFor('filters: empty');
    await c.press(KEY.enter);
    await c.waitFor('no group matches the filters (f changes them)');
    await c.press('f', KEY.ctrlU, ...'bogus');
    await c.waitFor('unknown filter "bogus"');
    await c.press(KEY.ctrlU, KEY.enter, 'o', 'o');
    frame = await c.waitFor('1 of 2 groups · sorted by permissions, most first');
    expect(frame.indexOf('editors')).toBeLessThan(frame.indexOf('viewers'));
    c.ui.unmount();
  });
});

describe('ConsoleApp: pending edits', () => {
  it('are intended final values: s s leaves nothing pending, and the count is the plan’s', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press(KEY.down, KEY.enter);
    await c.waitFor('user groucho');
    await c.press('s', 's');
    const frame = await c.waitFor('0 pending changes');
    expect(frame).not.toContain('pending (');
    await c.press('S', 's', 'S');
    await c.waitFor(/~ groucho: is_staff -> false\n(?![\s\S]*is_superuser)/);
    await c.waitFor('1 pending change');
    await c.press('a');
    await c.waitFor('Plan: 0 to add, 1 to change, 0 to remove.');
    c.ui.unmount();
  });

  it('collects edits, undoes with u (naming what was undone), and asks before quitting with changes pending', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press(KEY.down, KEY.enter);
    await c.waitFor('user groucho');
    await c.press('s', 'S');
    let frame = await c.waitFor('2 pending changes');
    expect(frame).toContain('~ groucho: is_staff -> false');
    expect(frame).toContain('~ groucho: is_superuser -> true');
    await c.press('u');
    frame = await c.waitFor('1 pending change');
    expect(frame).toContain('Undid: 2 -> 1 pending (groucho: is_superuser -> true)');
    await c.press('q');
    await c.waitFor('Quit and discard 1 pending change? y/N');
    await c.press('n');
    await c.waitFor('1 pending change');
    expect(c.exits).toEqual([]);
    await c.press('q', 'y');
    expect(c.exits).toEqual(['quit']);
  });

  it('Ctrl+C with changes pending asks like q; a second Ctrl+C quits as interrupted', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press(KEY.enter);
    await c.waitFor('user chico');
    await c.press('A');
    await c.waitFor('1 pending change');
    await c.press(KEY.ctrlC);
    await c.waitFor('Quit and discard 1 pending change? y/N (Ctrl+C again quits)');
    expect(c.exits).toEqual([]);
    await c.press(KEY.ctrlC);
    expect(c.exits).toEqual(['interrupted']);
  });

  it('Ctrl+C with nothing pending exits as interrupted', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press(KEY.ctrlC);
    expect(c.exits).toEqual(['interrupted']);
  });

  it('edits to a user marked for removal are shown as dropped and not counted', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press(KEY.enter);
    await c.waitFor('user chico');
    await c.press('s', 'D', ...'chico', KEY.enter);
    const frame = await c.waitFor('(dropped: the user is removed)');
    expect(frame).toContain('chico: is_staff -> true  (dropped: the user is removed)');
    await c.waitFor('1 pending change');
    c.ui.unmount();
  });

  it('in a picker, the highlighted row is the one Enter picks: g, ↓, Enter adds the second group', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press(KEY.enter);
    await c.waitFor('user chico');
    await c.press('g');
    await c.waitFor(/❯\s+\[ \] editors/);
    await c.press(KEY.down, KEY.enter);
    const frame = await c.waitFor('chico: join group viewers');
    expect(frame).not.toContain('join group editors');
    // A preview of the user's permissions with the pending edits.
    await c.waitFor(/with the pending edits: \+1 gained, -0 lost\n\s+\+ myapp:thing:view_thing/);
    c.ui.unmount();
  });

  it('selects several users in the list with space and adds them all to a group', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press(' ', ' ');
    await c.waitFor('2 selected');
    await c.press('m');
    await c.waitFor('add 2 selected users to groups');
    await c.press(...'viewers', KEY.enter);
    await c.waitFor('2 pending changes');
    await c.press('a');
    const frame = await c.waitFor('Plan: 2 to add');
    expect(frame).toContain('+ user chico: group viewers');
    expect(frame).toContain('+ user groucho: group viewers');
    // Per user, the permissions the plan gives them.
    expect(frame).toMatch(/chico\n\s+\+ myapp:thing:view_thing/);
    c.ui.unmount();
  });
});

describe('ConsoleApp: a picker under the users list', () => {
  it('fits the screen with the list above it: every row of both shown, none squeezed out', async () => {
    await sql(`INSERT INTO auth_group (name) SELECT 'pick' || lpad(n::text, 2, '0') FROM generate_series(0, 29) n`);
    const c = renderConsole(db);
    try {
      await c.waitFor('1 of 3 users');
      await c.press(' ', ' ', 'm');
      await c.waitFor('add 2 selected users to groups');
      await c.press(...'pick');
      const frame = await c.waitFor('30 found');
      const lines = frame.split('\n');
      expect(lines).toHaveLength(24);
      expect(frame).toContain('add 2 selected users to groups');
      // The list keeps its rows (chico, groucho, harpo), the picker its matches in order, one per line.
      expect(lines.filter((l) => /^\s*◆?\s*(chico|groucho|harpo)\s/.test(l)).map((l) => l.trim().split(/\s+/).at(-6))).toEqual(['chico', 'groucho', 'harpo']);
      const picks = lines.flatMap((l) => /(pick\d\d)/.exec(l)?.[1] ?? []);
      expect(picks).toEqual(Array.from({ length: picks.length }, (_, i) => `pick${String(i).padStart(2, '0')}`));
      expect(picks.length).toBeGreaterThanOrEqual(6);
      await c.press(KEY.escape);
    } finally {
      c.ui.unmount();
      await sql(`DELETE FROM auth_group WHERE name LIKE 'pick%'`);
    }
  });
});

describe('ConsoleApp: notation', () => {
  it("a picker's filter takes either notation, and the pending list shows the one printed everywhere", async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press(KEY.tab);
    await c.waitFor(/1 of \d+ groups/);
    await c.press(KEY.enter);
    await c.waitFor('members (1)');
    await c.press('p');
    await c.waitFor('permissions of editors');
    await c.press(...'myapp.view_thing', KEY.enter);
    await c.waitFor('~ editors: grant myapp:thing:view_thing');
    await c.press('p');
    await c.waitFor('permissions of editors');
    await c.press(...'myapp:Thing:change_thing', KEY.enter);
    await c.waitFor('~ editors: revoke myapp:thing:change_thing');
    // The count is the plan's: it follows once the plan of both edits is made.
    await c.waitFor('pending (2)');
    c.ui.unmount();
  });
});

describe('ConsoleApp: review and apply', () => {
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
    // The footer names "esc back" once.
    expect(
      (
        frame
          .split('\n')
          .at(-1)!
          .match(/esc back/g) ?? []
      ).length,
    ).toBeLessThanOrEqual(1);
    await c.press('y');
    await c.waitFor('Apply complete: 1 added, 1 changed, 0 removed.');
    expect(await sql(`SELECT is_staff FROM auth_user WHERE username = 'chico'`)).toEqual([{ is_staff: true }]);
    c.ui.unmount();
  });

  it('detects a change made meanwhile, shows the new plan; with "No changes." left, nothing is counted pending', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press(KEY.tab);
    await c.waitFor('1 of 2 groups');
    await c.press(KEY.enter);
    await c.waitFor('members (1)');
    await c.press('p');
    await c.waitFor('permissions of editors');
    await c.press(...'delete_thing', KEY.enter);
    await c.waitFor('1 pending change');
    await c.press('a');
    await c.waitFor('+ editors: myapp:thing:delete_thing');
    // Another operator grants it first.
    await sql(
      `INSERT INTO auth_group_permissions (group_id, permission_id) SELECT g.id, p.id FROM auth_group g, auth_permission p WHERE g.name = 'editors' AND p.codename = 'delete_thing'`,
    );
    await c.press('y');
    const frame = await c.waitFor('The database changed since this plan was made. Nothing was written.');
    expect(frame).toContain('No changes.');
    await c.waitFor('0 pending changes');
    await sql(`DELETE FROM auth_group_permissions WHERE permission_id = (SELECT id FROM auth_permission WHERE codename = 'delete_thing')`);
    c.ui.unmount();
  });

  it('counts pending changes as the plan does on every screen: an edit another process made meanwhile is no change', async () => {
    await sql(`INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined)
      VALUES ('!', false, 'gummo', '', '', 'gummo@example.com', false, true, now())`);
    const c = renderConsole(db);
    try {
      await c.waitFor(/1 of \d+ users/);
      await c.press('/', ...'gummo', KEY.enter);
      await c.waitFor('1 of 1 users matching "gummo"');
      await c.press(KEY.enter);
      await c.waitFor('user gummo');
      await c.press('s', 'g');
      await c.waitFor('groups of gummo');
      await c.press(...'viewers', KEY.enter);
      await c.waitFor('2 pending changes');
      expect(c.frame()).toContain('pending (2)');
      // Another operator makes gummo staff: of the two edits, one is left to do.
      await sql(`UPDATE auth_user SET is_staff = true WHERE username = 'gummo'`);
      await c.press('r');
      let frame = await c.waitFor('1 pending change');
      expect(frame).toContain('pending (1)');
      expect(frame).toContain('~ gummo: is_staff -> true  (no change: already so in the database)');
      expect(frame).toMatch(/~ gummo: join group viewers\n/);
      await c.press(KEY.escape, KEY.tab, '/', ...'viewers', KEY.enter);
      await c.waitFor('1 of 1 groups matching "viewers"');
      await c.press(KEY.enter);
      frame = await c.waitFor('group viewers');
      expect(frame).toContain('pending (1)');
      expect(frame).toContain('~ gummo: join group viewers');
      // Undo names the counts of the plans before and after.
      await c.press('u');
      frame = await c.waitFor('0 pending changes');
      expect(frame).toContain('Undid: 1 -> 0 pending (gummo: join group viewers)');
      expect(frame).not.toMatch(/^pending \(/m);
    } finally {
      c.ui.unmount();
      await sql(`DELETE FROM auth_user WHERE username = 'gummo'`);
    }
  });

  it('refuses a name that is taken or malformed at entry, saying why', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press('c', ...'groucho', KEY.enter);
    await c.waitFor('username "groucho" is taken');
    expect(c.frame()).toContain('new user, username: groucho');
    await c.press(KEY.ctrlU, ...'bad name', KEY.enter);
    await c.waitFor('invalid username "bad name"');
    await c.press(KEY.ctrlU, ...'zeppo', KEY.enter);
    await c.waitFor('new user zeppo, email:');
    await c.press(...'not-an-email');
    await c.waitFor('invalid email "not-an-email"');
    await c.press(KEY.escape, KEY.tab, 'c', ...'editors', KEY.enter);
    await c.waitFor('group name "editors" is taken');
    c.ui.unmount();
  });

  it('a review that cannot be applied says why and which pending edit to undo; y says so', async () => {
    const c = renderConsole(db);
    await c.waitFor('1 of 3 users');
    await c.press('c', ...'zeppo', KEY.enter, ...'zeppo@example.com', KEY.enter);
    await c.waitFor('user zeppo  (new, pending)');
    // Someone else creates zeppo meanwhile, with another email.
    await sql(
      `INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined) VALUES ('!', false, 'zeppo', '', '', 'other@example.com', false, true, now())`,
    );
    try {
      await c.press('a');
      const frame = await c.waitFor('The pending changes cannot be applied:');
      expect(frame).toContain('undo the pending edit: create user zeppo <zeppo@example.com>');
      await c.press('y');
      await c.waitFor('Nothing applied');
      c.ui.unmount();
    } finally {
      await sql(`DELETE FROM auth_user WHERE username = 'zeppo'`);
    }
  });

  it('--read-only: no edit keys in the footer, and an editing key says read-only', async () => {
    const c = renderConsole(db, { readOnly: true });
    await c.waitFor(/1 of \d+ users/);
    const footer = c.frame().split('\n').at(-1)!;
    expect(c.frame()).toContain('[read-only]');
    expect(footer).not.toContain('review & apply');
    expect(footer).not.toContain('undo');
    await c.press(KEY.enter);
    const frame = await c.waitFor(/user \w+/);
    expect(frame.split('\n').at(-1)).not.toContain('s staff');
    await c.press('s');
    await c.waitFor('read-only: editing is off');
    await c.press('D', 'a', 'u');
    expect(c.frame()).toContain('0 pending changes');
    expect(c.frame()).toContain('read-only: editing is off');
    c.ui.unmount();
  });
});

describe('ConsoleApp: creating', () => {
  it("a new user's email, first and last name, and an unusable password, reviewed and applied", async () => {
    const c = renderConsole(db, { columns: 200 });
    await c.waitFor(/1 of \d+ users/);
    await c.press('c', ...'gummo', KEY.enter);
    await c.waitFor('new user gummo, email:');
    await c.press(...'gummo@example.com', KEY.enter);
    await c.waitFor('user gummo  (new, pending)');
    await c.press('e');
    await c.waitFor('email: gummo@example.com');
    await c.press(KEY.ctrlU, ...'gummo@marx', KEY.enter);
    // Refused at entry, with the reason; the field stays open.
    await c.waitFor('email: gummo@marx   invalid email "gummo@marx": expected an address');
    await c.press(...'.example', KEY.enter);
    await c.waitFor('first name:');
    await c.press(...'Gummo', KEY.enter);
    await c.waitFor('last name:');
    await c.press(...'Marx', KEY.enter, 'P');
    let frame = await c.waitFor('gummo: password -> unusable');
    expect(frame).toContain('gummo: email -> "gummo@marx.example"');
    expect(frame).toContain('gummo: first_name -> "Gummo"');
    await c.press('a');
    frame = await c.waitFor('The same from a script:');
    expect(frame).toContain(
      '+ user gummo (email gummo@marx.example, first_name "Gummo", last_name "Marx", is_staff false, is_superuser false, is_active true, an unusable password)',
    );
    expect(frame).toContain('accessctl manage_user gummo gummo@marx.example --unusable-password --yes');
    await c.press('y');
    await c.waitFor('Apply complete: 1 added');
    expect(await sql(`SELECT email, first_name, last_name, password LIKE '!%' AS unusable FROM auth_user WHERE username = 'gummo'`)).toEqual([
      { email: 'gummo@marx.example', first_name: 'Gummo', last_name: 'Marx', unusable: true },
    ]);
    // An existing user's details are Django's: e says so and changes nothing.
    await c.press(KEY.escape, KEY.home, KEY.enter);
    await c.waitFor(/^user \S+$/m);
    await c.press('e');
    await c.waitFor("Only a new user's email and names are set here");
    expect(c.frame()).toContain('0 pending changes');
    c.ui.unmount();
    // The tests after this one count the users of the fixture.
    await sql(`DELETE FROM auth_user WHERE username = 'gummo'`);
  });

  it('creates a permission on an existing model: its codename and name, refused when taken, then applied', async () => {
    const c = renderConsole(db, { columns: 200 });
    await c.waitFor(/1 of \d+ users/);
    await c.press('3');
    await c.waitFor('app › model › codename');
    await c.press('c');
    await c.waitFor('new permission: choose its model');
    await c.press(...'myapp:thi');
    await c.waitFor(/❯\s+myapp:thing/);
    await c.press(KEY.enter);
    await c.waitFor('new permission myapp:thing:');
    await c.press(...'add_thing', KEY.enter);
    await c.waitFor('permission "myapp:thing:add_thing" exists already');
    await c.press(KEY.ctrlU, ...'bad code', KEY.enter);
    await c.waitFor('bad code   invalid permission "myapp:thing:bad code"');
    await c.press(KEY.ctrlU, ...'archive_thing', KEY.enter);
    await c.waitFor('name of myapp:thing:archive_thing: Can archive thing');
    await c.press(KEY.enter);
    await c.waitFor('1 pending change');
    await c.press('a');
    const frame = await c.waitFor('The same from a script:');
    expect(frame).toContain('+ permission myapp:thing:archive_thing "Can archive thing"');
    expect(frame).toContain("accessctl manage_permission myapp:thing:archive_thing --name 'Can archive thing' --yes");
    await c.press('y');
    await c.waitFor('Apply complete: 1 added');
    expect(
      await sql(
        `SELECT p.name FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id WHERE ct.app_label = 'myapp' AND ct.model = 'thing' AND p.codename = 'archive_thing'`,
      ),
    ).toEqual([{ name: 'Can archive thing' }]);
    c.ui.unmount();
  });

  it('creates a user from a username and an email, each typed in its own field', async () => {
    const c = renderConsole(db);
    await c.waitFor(/1 of \d+ users/);
    await c.press('c', ...'zeppo', KEY.enter);
    await c.waitFor('new user zeppo, email:');
    await c.press(...'zeppo@example.com', KEY.enter);
    await c.waitFor('1 pending change');
    await c.press('a');
    const frame = await c.waitFor('The same from a script:');
    expect(frame).toContain('+ user zeppo (email zeppo@example.com,');
    expect(frame).toContain('accessctl manage_user zeppo zeppo@example.com --yes');
    c.ui.unmount();
  });

  it('a new group is editable before it is applied: permissions and members', async () => {
    const c = renderConsole(db);
    await c.waitFor(/1 of \d+ users/);
    await c.press(KEY.tab, 'c', ...'auditors', KEY.enter);
    await c.waitFor('N opens it');
    await c.press('N');
    await c.waitFor('group auditors  (new, pending)');
    await c.press('p', ...'add_thing', KEY.enter);
    await c.waitFor('auditors: grant myapp:thing:add_thing');
    await c.press('m', ...'chico', KEY.enter);
    await c.waitFor('chico: join group auditors');
    await c.waitFor('3 pending changes');
    await c.press('a');
    const frame = await c.waitFor('Plan: 3 to add');
    expect(frame).toContain('+ group auditors');
    expect(frame).toContain('+ auditors: myapp:thing:add_thing');
    expect(frame).toContain('+ user chico: group auditors');
    c.ui.unmount();
  });

  it('creates and renames a group, removes a user only when the name is typed, and applies it', async () => {
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
    await c.press('c', ...'auditors', KEY.enter);
    await c.waitFor('2 pending changes');
    await c.press(KEY.escape, KEY.down, KEY.enter);
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
    expect((await sql('SELECT name FROM auth_group ORDER BY 1')).map((r) => r.name)).toEqual(['auditors', 'editors', 'readers']);
    expect((await sql('SELECT username FROM auth_user ORDER BY 1')).map((r) => r.username)).toEqual(['groucho', 'harpo']);
    c.ui.unmount();
  });
});

describe('ConsoleApp: database errors', () => {
  it('a failed read is one line in the status bar; the console stays usable and the database unchanged', async () => {
    const real = backendOf(db.browse, db.recordedAccess(testJournal()), 'test database', db.changeLog);
    let failing = false;
    const lost = () => Promise.reject(new Error('Connection terminated unexpectedly\n    at Client (pg/lib/client.js:1:1)'));
    const backend: ConsoleBackend = { ...real, usersPage: (r) => (failing ? lost() : real.usersPage(r)), groupsPage: (r) => (failing ? lost() : real.groupsPage(r)) };
    const before = await dumpAuthHere();
    const c = renderConsole(backend);
    await c.waitFor(/1 of \d+ users/);
    await c.press(KEY.tab);
    await c.waitFor(/1 of \d+ groups/);
    failing = true;
    await c.press(KEY.ctrlR);
    const frame = await c.waitFor('Error: Connection terminated unexpectedly');
    expect(frame).not.toContain('pg/lib/client.js');
    // Keys are not kept waiting for rows whose read failed.
    await c.press('j', KEY.enter);
    // Once the database answers again, a refresh reads it.
    failing = false;
    await c.press(KEY.ctrlR, '1');
    await c.waitFor(/1 of \d+ users/);
    await c.press('q');
    expect(c.exits).toEqual(['quit']);
    expect(await dumpAuthHere()).toBe(before);
  });
});

/** The auth tables through the console's own connection (the embedded database takes one at a time). */
async function dumpAuthHere(): Promise<string> {
  const parts: string[] = [];
  for (const table of ['auth_group', 'auth_group_permissions', 'auth_user', 'auth_user_groups', 'auth_user_user_permissions'])
    parts.push(JSON.stringify(await sql(`SELECT * FROM ${table} ORDER BY id`)));
  return parts.join('\n');
}

describe('ConsoleApp: keys typed ahead of a screen', () => {
  /** The real backend, with the reads of a user or a group held back until `release()`. */
  function gatedBackend() {
    const real = backendOf(db.browse, db.recordedAccess(testJournal()), 'test database', db.changeLog);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const backend: ConsoleBackend = {
      ...real,
      userDetail: async (username) => (await gate, real.userDetail(username)),
      groupDetail: async (name) => (await gate, real.groupDetail(name)),
    };
    return { backend, release: () => open() };
  }

  it('Enter then s at once: s waits for the user to be read, then stages their staff flag', async () => {
    const { backend, release } = gatedBackend();
    const c = renderConsole(backend);
    // The first user, whoever the tests before left first.
    const first = firstColumn((await c.waitFor(/1 of \d+ users/)).split('\n')[2]!)!;
    const handled = c.handledKeys();
    c.ui.stdin.write('\rs');
    await c.waitFor(`loading ${first}…`);
    expect(c.handledKeys()).toBe(handled + 1);
    release();
    const frame = await c.waitFor('1 pending change');
    expect(frame).toMatch(new RegExp(`~ ${first}: is_staff -> (true|false)`));
    expect(c.handledKeys()).toBe(handled + 2);
    c.ui.unmount();
  });

  it('Tab, Enter, p at once open the permissions of the first group; keys of a list not read yet wait too', async () => {
    const { backend, release } = gatedBackend();
    const c = renderConsole(backend);
    await c.waitFor(/1 of \d+ users/);
    c.ui.stdin.write('\t\rp');
    const group = /loading (\S+)…/.exec(await c.waitFor(/loading \S+…/))![1]!;
    release();
    await c.waitFor(new RegExp(`permissions of ${group}: enter grants or revokes[\\s\\S]*\\d+ found`));
    c.ui.unmount();
  });

  it('Esc and a key sent together (read by the terminal as Alt+key) are both handled: back from the review, then S', async () => {
    const c = renderConsole(db);
    await c.waitFor(/1 of \d+ users/);
    await c.press(KEY.enter);
    await c.waitFor(/^user \S+$/m);
    await c.press('s', 'a');
    await c.waitFor('The same from a script:');
    await c.chunk('\u001bS', 2);
    await c.waitFor(/: is_superuser -> true/);
    expect(c.frame()).not.toContain('The same from a script:');
    c.ui.unmount();
  });

  it('Ctrl+C is never kept waiting: it quits while a screen still reads (the keys held are dropped)', async () => {
    const c = renderConsole(gatedBackend().backend);
    await c.waitFor(/1 of \d+ users/);
    c.ui.stdin.write('\rs');
    await c.waitFor(/loading \w+…/);
    await c.press(KEY.ctrlC);
    expect(c.exits).toEqual(['interrupted']);
    c.ui.unmount();
  });
});
