import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, hasTmux, Terminal } from '../support/tmux.js';
import { pgServer, run, serverTarget, sql } from '../support/targets.js';
import { tempFolder } from '../support/temp-folders.js';

const shell = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const accessctl = (...args: string[]) => [process.execPath, BIN, ...args].map(shell).join(' ');

describe.skipIf(!hasTmux || !pgServer())("the console's saved plan and record (tmux, the binary, PostgreSQL server)", () => {
  let terminal: Terminal | undefined;
  afterEach(() => terminal?.close());

  it('w in the review saves the plan (--plan-out); apply --plan applies it; y in the console is recorded as the console', async () => {
    const t = await serverTarget('django');
    await run(t, ['manage_user', 'chico', 'chico@example.com', '--yes']);
    const file = path.join(tempFolder('accessctl-console-plan-'), 'plan.json');
    terminal = new Terminal(accessctl('console', '--plan-out', file, ...t.options));
    await terminal.waitFor('1 of 1 users');
    await terminal.keys('Enter');
    await terminal.waitFor('user chico');
    await terminal.keys('s');
    await terminal.waitFor('1 pending change');
    await terminal.keys('a');
    await terminal.waitFor('~ user chico: is_staff false -> true');
    await terminal.keys('w');
    await terminal.waitFor(`Saved the plan to`);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved).toMatchObject({
      way_in: { kind: 'console' },
      changes: [{ type: 'user', action: 'update', username: 'chico', field: 'is_staff', from: false, to: true }],
    });
    expect(saved.command).toMatch(/^accessctl console --plan-out /);
    // Applied from the saved plan by a script, while the console still shows the pending edit.
    expect((await run(t, ['apply', '--plan', file, '--yes'])).code).toBe(0);
    expect(await sql(t, `SELECT is_staff FROM auth_user WHERE username = 'chico'`)).toEqual([{ is_staff: true }]);
    await terminal.keys('Escape');
    await terminal.keys('S');
    await terminal.waitFor('chico: is_superuser -> true');
    // Two edits, one change: the saved plan already made chico staff, and the count is the plan's.
    await terminal.waitFor(/^1 pending change\s*$/m);
    await terminal.keys('a');
    await terminal.waitFor('~ user chico: is_superuser false -> true');
    await terminal.keys('y');
    await terminal.waitFor('Apply complete');
    await terminal.keys('q');
    expect(await terminal.exitCode()).toBe(0);
    const records = await sql(t, `SELECT way_in, source_path, command_line, changes FROM accessctl_change_log ORDER BY id`);
    expect(records.map((r) => r.way_in)).toEqual(['command', 'saved-plan', 'console']);
    expect(records[1]!.source_path).toBe(file);
    expect(records[2]!.command_line).toMatch(/^accessctl console --plan-out \S+ --database-url postgres:\/\/postgres:\*\*\*@/);
    expect(records[2]!.changes.changes).toEqual([{ type: 'user', action: 'update', username: 'chico', field: 'is_superuser', from: false, to: true }]);
  });
});
