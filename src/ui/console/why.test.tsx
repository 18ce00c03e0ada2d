import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { consoleDatabase, KEY, renderConsole } from '../../../test/support/console.js';

let db: Database;
beforeAll(async () => {
  ({ db } = await consoleDatabase());
});
afterAll(async () => {
  await db.close();
});

describe("ConsoleApp: w on a user's screen explains a permission", () => {
  it('lists the paths by which the user holds it, in the words of `accessctl explain`', async () => {
    // Wide enough that each sentence of the explanation is one line.
    const c = renderConsole(db, { columns: 200, rows: 30 });
    await c.waitFor('1 of 3 users');
    await c.press(KEY.down, KEY.enter);
    await c.waitFor('user groucho');
    await c.press('w');
    await c.waitFor('why does groucho hold it, or not?');
    await c.press(...'add_thing', KEY.enter);
    const frame = await c.waitFor('through group editors');
    expect(frame).toContain('why: groucho and myapp:thing:add_thing');
    expect(frame).toContain(`groucho holds myapp:thing:add_thing (Django's has_perm("myapp.add_thing") is True), by one path:`);
    await c.press(KEY.escape);
    await c.waitFor('effective permissions');
    await c.press('w');
    await c.waitFor('why does groucho hold it, or not?');
    await c.press(...'delete_thing', KEY.enter);
    await c.waitFor(
      'groucho does not hold myapp:thing:delete_thing (Django\'s has_perm("myapp.delete_thing") is False): not a superuser, not granted directly, and none of the user\'s groups (editors) has it.',
    );
    c.ui.unmount();
  });
});
