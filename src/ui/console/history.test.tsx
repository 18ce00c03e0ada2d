import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { consoleDatabase, KEY, renderConsole } from '../../../test/support/console.js';

let db: Database;

beforeAll(async () => {
  // Five applies: editors, viewers, groucho, harpo, chico.
  ({ db } = await consoleDatabase());
});
afterAll(async () => {
  await db.close();
});

describe('ConsoleApp: History', () => {
  it('lists the change log newest first; an entry opens to its changes; / filters as `log` does', async () => {
    const c = renderConsole(db, { columns: 120, rows: 30 });
    await c.waitFor('1 of 3 users');
    await c.press('H');
    let frame = await c.waitFor('5 records');
    const entries = frame.split('\n').filter((line) => line.startsWith('▸ #'));
    expect(entries.map((line) => line.split(/\s+/)[1])).toEqual(['#5', '#4', '#3', '#2', '#1']);
    expect(entries[0]).toMatch(/via command line/);
    await c.press(KEY.enter);
    frame = await c.waitFor('▾ #5');
    expect(frame).toContain('+ user chico (email chico@example.com');
    expect(frame).toContain('command: accessctl manage_user chico chico@example.com --yes --data-dir');
    await c.press('/');
    await c.waitFor('filter (since:7d');
    await c.press('user:harpo group:viewers', KEY.enter);
    frame = await c.waitFor('1 record matching user:harpo group:viewers');
    expect(frame).toContain('▸ #4');
    expect(frame).not.toContain('#5');
    await c.press('/');
    await c.waitFor('filter (since:7d');
    await c.press(...Array<string>(30).fill(KEY.backspace), 'since:soon', KEY.enter);
    await c.waitFor('invalid --since "soon"');
    await c.press(KEY.escape);
    await c.waitFor('1 of 3 users');
    c.ui.unmount();
  });
});
