import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, hasTmux, Terminal } from '../support/tmux.js';
import { embeddedTarget, sql } from '../support/targets.js';
import { tempFolder } from '../support/temp-folders.js';

const shell = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

describe.skipIf(!hasTmux)('the progress bar of a large apply on a real terminal (tmux)', () => {
  let terminal: Terminal | undefined;
  afterEach(() => terminal?.close());

  it('stays one line on a narrow terminal and is gone when done', async () => {
    const t = await embeddedTarget('migrated');
    const file = path.join(tempFolder('accessctl-progress-'), 'access.yaml');
    // 1,000 changes: the plan's size from which the bar shows.
    writeFileSync(file, `groups:\n${Array.from({ length: 1000 }, (_, i) => `  team${i}: []\n`).join('')}`);
    terminal = new Terminal([process.execPath, BIN, 'apply', '-f', file, '--yes', ...t.options].map(shell).join(' '), { columns: 40, rows: 24 });
    expect(await terminal.exitCode()).toBe(0);
    const screen = terminal.screen();
    expect(screen).toContain('Apply complete: 1000 added');
    expect(screen).not.toMatch(/\]\s+\d+%/);
    expect(await sql(t, 'SELECT count(*)::int AS n FROM auth_group')).toEqual([{ n: 1000 }]);
  });
});
