import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from './support/tmux.js';
import { cleanEnv, embeddedTarget, run, type Target } from './support/targets.js';
import { tempFolder } from './support/temp-folders.js';

// Output to a pipe, through the built binary: a slow reader gets all of it, and a reader that goes
// (`| head`) ends nothing half-way and prints no crash.

const SLOW = { timeout: 240_000 };

function exportThroughPipe(options: string[], reader: 'slow' | 'goes'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'export', '--format', 'json', ...options], { env: cleanEnv() });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    if (reader === 'slow') {
      // Not read until a while after the pipe (64 KB) is full: a process that exits sooner cuts its output.
      child.stdout.pause();
      setTimeout(() => child.stdout.on('data', (chunk) => (stdout += chunk)).resume(), 1500);
    } else child.stdout.once('data', (chunk) => ((stdout = String(chunk)), child.stdout.destroy()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A database whose export is some 300 KB: more than a pipe holds. */
async function bigTarget(): Promise<Target> {
  const t = await embeddedTarget('migrated');
  const users = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`piped_${i}`, { email: `piped_${i}@example.com` }]));
  const file = path.join(tempFolder('accessctl-pipes-'), 'users.json');
  writeFileSync(file, JSON.stringify({ users }));
  const applied = await run(t, ['apply', '-f', file, '--yes']);
  expect(applied.code, applied.stderr).toBe(0);
  return t;
}

describe('output to a pipe (the real binary)', () => {
  it('a reader slower than the command gets the whole export, not the first 64 KB', SLOW, async () => {
    const t = await bigTarget();
    const whole = await run(t, ['export', '--format', 'json']);
    expect(whole.stdout.length).toBeGreaterThan(200_000);
    const piped = await exportThroughPipe(t.options, 'slow');
    expect(piped).toMatchObject({ code: 0, stderr: '' });
    expect(piped.stdout).toBe(whole.stdout);
  });

  it('a reader that goes after the first lines (| head) ends the command quietly, with its own status', SLOW, async () => {
    const t = await bigTarget();
    const piped = await exportThroughPipe(t.options, 'goes');
    expect(piped.stdout.length).toBeGreaterThan(0);
    expect(piped).toMatchObject({ code: 0, stderr: '' });
  });
});
