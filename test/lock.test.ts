import { execFile, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { cleanEnv, dumpAuth, embeddedTarget, run } from './support/targets.js';

const BIN = fileURLToPath(new URL('../bin/accessctl.js', import.meta.url));
const runProcess = (args: string[]) =>
  promisify(execFile)(process.execPath, [BIN, ...args], { env: cleanEnv() }).then(
    (r) => ({ code: 0, stderr: r.stderr }),
    (e) => ({ code: e.code as number, stderr: e.stderr as string }),
  );

describe('the embedded database is used by one process at a time', () => {
  it('gives a second process a clear "in use by process N" error, and the data stays intact', async () => {
    const t = await embeddedTarget('migrated');
    await run(t, ['manage_group', 'g', '--yes']);
    const before = await dumpAuth(t);
    const holder = await Database.open({ kind: 'embedded', dataDir: t.dataDir! });
    try {
      const second = await runProcess(['manage_group', 'other', '--yes', '--data-dir', t.dataDir!]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`is in use by process ${process.pid}`);
      expect(second.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      await holder.close();
    }
    expect(await dumpAuth(t)).toBe(before);
    expect((await runProcess(['manage_group', 'other', '--yes', '--data-dir', t.dataDir!])).code).toBe(0);
  });

  it('takes over the lock of a process that is gone', async () => {
    const t = await embeddedTarget('migrated');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(`${t.dataDir}.lock`, String(dead));
    const result = await run(t, ['manage_group', 'g', '--yes']);
    expect(result.code).toBe(0);
  });
});
