import { execFileSync, spawnSync } from 'node:child_process';
import { pbkdf2Sync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pgServer, run, serverTarget, type Target } from './support/targets.js';

// Debian's python3-django (Django 3.2); .ci/run installs it.
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./django/verify.py', import.meta.url));
const hasDjango = spawnSync(PYTHON, ['-c', 'import django, psycopg2'], { stdio: 'ignore' }).status === 0;
if (!hasDjango && process.env.CI === 'true') throw new Error('Django 3.2 (python3-django, python3-psycopg2) is needed for these tests in CI');

const django = (t: Target, ...args: string[]) => execFileSync(PYTHON, [SCRIPT, t.url!, ...args], { encoding: 'utf8' }).trim();

describe.skipIf(!hasDjango || !pgServer())("accessctl's writes, read by Django 3.2 itself", () => {
  it('Django accepts the passwords accessctl writes: a given hash, a random usable one, the unusable marker', async () => {
    const t = await serverTarget('django');
    const hash = `pbkdf2_sha256$260000$saltsaltsalt$${pbkdf2Sync('groucho-secret', 'saltsaltsalt', 260000, 32, 'sha256').toString('base64')}`;
    await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--initial-password-hash', hash, '--yes']);
    await run(t, ['manage_user', 'harpo', 'harpo@example.com', '--yes']);
    await run(t, ['manage_user', 'chico', 'chico@example.com', '--yes']);
    await run(t, ['manage_user', 'chico', 'chico@example.com', '--unusable-password', '--yes']);
    expect(django(t, 'check-password', 'groucho', 'groucho-secret')).toBe('True');
    expect(django(t, 'check-password', 'groucho', 'wrong')).toBe('False');
    expect(django(t, 'usable', 'harpo')).toBe('True');
    expect(django(t, 'check-password', 'harpo', '')).toBe('False');
    expect(django(t, 'usable', 'chico')).toBe('False');
  });

  it("Django's has_perm sees the groups and permissions accessctl sets, proxy models included", async () => {
    const t = await serverTarget('django');
    await run(t, ['manage_group', 'editors', '-p', 'myapp:Thing:add_thing', 'myapp:SpecialThing:change_specialthing', '--yes']);
    await run(t, ['manage_user', 'groucho', 'groucho@example.com', '-g', 'editors', '--yes']);
    expect(django(t, 'perms', 'groucho').split('\n')).toEqual(['myapp.add_thing', 'myapp.change_specialthing']);
    expect(django(t, 'has-perm', 'groucho', 'myapp.add_thing')).toBe('True');
    expect(django(t, 'has-perm', 'groucho', 'myapp.delete_thing')).toBe('False');
    await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--superuser', '--yes']);
    expect(django(t, 'has-perm', 'groucho', 'myapp.delete_thing')).toBe('True');
  });

  it("Django's own migrate takes over the schema accessctl created (faking auth and contenttypes), adding no permission", async () => {
    const t = await serverTarget('empty');
    expect((await run(t, ['migrate'])).code).toBe(0);
    await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--yes']);
    expect(django(t, 'adopt')).toBe('16');
    expect(django(t, 'usable', 'groucho')).toBe('True');
  });
});
