import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.js';
import { BIN, hasTmux, Terminal } from '../support/tmux.js';
import { embeddedTarget, run } from '../support/targets.js';

const shell = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const accessctl = (...args: string[]) => [process.execPath, BIN, ...args].map(shell).join(' ');
const SLOW = { timeout: 120_000 };

describe.skipIf(!hasTmux)('the console on the embedded database, from its first screen (the real binary in tmux)', () => {
  let terminal: Terminal | undefined;
  let holder: Database | undefined;
  afterEach(async () => {
    terminal?.close();
    terminal = undefined;
    await holder?.close();
    holder = undefined;
  });

  it('shows what it waits for while the database cannot open yet, on its own screen, then the lists', SLOW, async () => {
    const t = await embeddedTarget('migrated');
    expect((await run(t, ['manage_user', 'lister', 'lister@example.com', '--yes'])).code).toBe(0);
    // Another process has the database: the console's first screen stays until it is released.
    holder = await Database.open({ kind: 'embedded', dataDir: t.dataDir! });
    terminal = new Terminal(accessctl(...t.options, '--wait'));
    const waiting = (await terminal.waitFor(`in use by process ${process.pid}`)).split('\n');
    expect(waiting.slice(0, 3)).toEqual(['accessctl', 'opening the embedded database…', '']);
    expect(waiting[3]).toMatch(/^Waiting for The embedded database .+, in use by process \d+ \(lock file .+\)…$/);
    expect(waiting.slice(4).join('').trim()).toBe('');

    await holder.close();
    holder = undefined;
    const lists = await terminal.waitFor('1 of 1 users');
    expect(lists).toContain('lister');
    expect(lists).not.toContain('Waiting for');
    expect(lists).not.toContain('opening the embedded database');
    await terminal.keys('q');
    expect(await terminal.exitCode()).toBe(0);
  });

  it('a console that fails before it starts (a bad option after its first screen) leaves its screen, and the error stays in view', SLOW, async () => {
    const t = await embeddedTarget('new');
    terminal = new Terminal(accessctl(...t.options, '--verbosity', '9'));
    expect(await terminal.exitCode()).toBe(2);
    const screen = terminal.screen();
    expect(screen).toContain('option --verbosity: invalid choice: 9 (choose from 0, 1, 2, 3)');
    expect(screen).not.toContain('opening the embedded database');
    expect(terminal.alternateScreen(), screen).toBe(false);
  });

  it('says it created a new embedded database in its status line, never over the screen', SLOW, async () => {
    const t = await embeddedTarget('new');
    // Wide enough for the whole notice (the status line is cut at the terminal's width).
    terminal = new Terminal(accessctl(...t.options), { columns: 200, rows: 24 });
    const screen = await terminal.waitFor(/0 of 0 users[\s\S]*Created the embedded database/);
    const lines = screen.split('\n');
    expect(lines[0]).toMatch(/^accessctl {2}1 Users /);
    const noticed = lines.filter((line) => line.includes('Created the embedded database'));
    expect(noticed).toEqual([`0 pending changes · Created the embedded database ${t.dataDir}.`]);
    await terminal.keys('q');
    expect(await terminal.exitCode()).toBe(0);
    // What it created is a usable database.
    expect((await run(t, ['check'])).code).toBe(0);
  });
});
