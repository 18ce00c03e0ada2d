import { pbkdf2Sync } from 'node:crypto';
import { beforeEach, expect, it } from 'vitest';
import { DJANGO_TARGETS, describeEachTarget } from './support/each-target.js';
import { dumpAuth, run, sql, type Target, one } from './support/targets.js';

const userRow = async (t: Target, username: string) =>
  one(
    await sql(t, `SELECT id, email, is_staff, is_superuser, is_active, first_name, last_name, last_login, date_joined, password FROM auth_user WHERE username = $1`, [
      username,
    ]),
  );
const groupsOf = async (t: Target, username: string) =>
  (
    await sql<{ name: string }>(
      t,
      `SELECT g.name FROM auth_user u JOIN auth_user_groups ug ON ug.user_id = u.id JOIN auth_group g ON g.id = ug.group_id WHERE u.username = $1 ORDER BY 1`,
      [username],
    )
  ).map((r) => r.name);

// A real Django hash of "groucho-secret" (pbkdf2_sha256, 260000 iterations, as Django 3.2 writes it).
const GIVEN_HASH = `pbkdf2_sha256$260000$saltsaltsalt$${pbkdf2Sync('groucho-secret', 'saltsaltsalt', 260000, 32, 'sha256').toString('base64')}`;

describeEachTarget('manage_user', DJANGO_TARGETS, (make) => {
  let t: Target;
  beforeEach(async () => {
    t = await make();
    await run(t, ['manage_group', 'mygroup', '--yes']);
    await run(t, ['manage_group', 'privileged_group', '--yes']);
  });

  it('creates an active user with empty names, a random usable password, and the flags and groups given', async () => {
    const result = await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--staff', '-g', 'mygroup', 'privileged_group', '--yes']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('+ user groucho (email groucho@example.com, is_staff true, is_superuser false, is_active true, a random usable password)');
    expect(result.stderr).toContain('+ user groucho: group mygroup');
    const row = await userRow(t, 'groucho');
    expect(row).toMatchObject({ email: 'groucho@example.com', is_staff: true, is_superuser: false, is_active: true, first_name: '', last_name: '', last_login: null });
    expect(Date.now() - new Date(row.date_joined).getTime()).toBeLessThan(60_000);
    expect(row.password).toMatch(/^pbkdf2_sha256\$1\$[A-Za-z0-9]{22}\$[A-Za-z0-9+/]{43}=$/);
    expect(result.stderr).not.toContain(row.password);
    expect(await groupsOf(t, 'groucho')).toEqual(['mygroup', 'privileged_group']);
  });

  it('runs every documented line twice: the second says "No changes." and leaves every row as it was', async () => {
    const lines = [
      ['manage_user', 'groucho', 'groucho@example.com'],
      ['manage_user', 'groucho', 'groucho@example.com', '--staff', '--superuser'],
      ['manage_user', 'groucho', 'groucho@example.com', '-g', 'mygroup', 'privileged_group'],
      ['manage_user', 'groucho', 'groucho@example.com', '--remove'],
    ];
    for (const line of lines) {
      expect((await run(t, [...line, '--yes'])).code).toBe(0);
      const before = await dumpAuth(t);
      const again = await run(t, [...line, '--yes']);
      expect(again.code).toBe(0);
      expect(again.stderr).toContain('No changes.');
      expect(await dumpAuth(t)).toBe(before);
    }
  });

  it('sets is_staff and is_superuser exactly as given, and the groups exactly to those listed', async () => {
    await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--staff', '--superuser', '-g', 'mygroup', '--yes']);
    const result = await run(t, ['manage_user', 'groucho', 'GROUCHO@Example.com', '-g', 'privileged_group', '--yes']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Found existing user "groucho".');
    expect(result.stderr).toContain('~ user groucho: is_staff true -> false');
    expect(result.stderr).toContain('~ user groucho: is_superuser true -> false');
    expect(result.stderr).toContain('- user groucho: group mygroup');
    expect(result.stderr).toContain('+ user groucho: group privileged_group');
    expect(await userRow(t, 'groucho')).toMatchObject({ email: 'groucho@example.com', is_staff: false, is_superuser: false });
    expect(await groupsOf(t, 'groucho')).toEqual(['privileged_group']);
  });

  it('warns about each missing group, naming it, and still succeeds with the others', async () => {
    const result = await run(t, ['manage_user', 'groucho', 'groucho@example.com', '-g', 'mygroup', 'nosuchgroup', '--yes']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Could not find a group named "nosuchgroup"');
    expect(await groupsOf(t, 'groucho')).toEqual(['mygroup']);
    const quiet = await run(t, ['manage_user', 'groucho', 'groucho@example.com', '-g', 'mygroup', 'nosuchgroup', '--yes', '--verbosity', '0']);
    expect(quiet.stderr.trim()).toBe('Warning: Could not find a group named "nosuchgroup" - skipping.');
  });

  it('refuses a different email, for changes and for --remove, and changes nothing', async () => {
    await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--yes']);
    const before = await dumpAuth(t);
    for (const extra of [['--staff'], ['--remove']]) {
      const result = await run(t, ['manage_user', 'groucho', 'harpo@example.com', ...extra, '--yes']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('do not match');
      expect(result.stderr).toContain('harpo@example.com');
    }
    expect(await dumpAuth(t)).toBe(before);
  });

  it('removes a user with memberships and direct permissions; a missing user is fine', async () => {
    await run(t, ['manage_user', 'groucho', 'groucho@example.com', '-g', 'mygroup', '--yes']);
    await sql(t, `INSERT INTO auth_user_user_permissions (user_id, permission_id) SELECT u.id, p.id FROM auth_user u, auth_permission p WHERE p.codename = 'add_thing'`);
    const removed = await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--remove', '--yes']);
    expect(removed.code).toBe(0);
    expect(removed.stderr).toContain('- user groucho');
    for (const table of ['auth_user', 'auth_user_groups', 'auth_user_user_permissions']) {
      expect(await sql(t, `SELECT count(*)::int AS n FROM ${table}`)).toEqual([{ n: 0 }]);
    }
    expect(await sql(t, 'SELECT count(*)::int AS n FROM auth_group')).toEqual([{ n: 2 }]);
    const again = await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--remove', '--yes']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('User "groucho" does not exist; nothing to remove.');
  });

  it('--unusable-password replaces a usable password with the unusable marker, never the reverse', async () => {
    await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--yes']);
    const result = await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--unusable-password', '--yes']);
    expect(result.stderr).toContain('~ user groucho: password usable -> unusable');
    const { password } = await userRow(t, 'groucho');
    expect(password).toMatch(/^![A-Za-z0-9]{40}$/);
    const again = await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--unusable-password', '--yes']);
    expect(again.stderr).toContain('No changes.');
    expect((await userRow(t, 'groucho')).password).toBe(password);
    const plain = await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--yes']);
    expect(plain.stderr).toContain('No changes.');
    const fresh = await run(t, ['manage_user', 'harpo', 'harpo@example.com', '--unusable-password', '--yes']);
    expect(fresh.stderr).toContain('an unusable password');
    expect((await userRow(t, 'harpo')).password).toMatch(/^!/);
  });

  it('uses --initial-password-hash only when creating, and never prints it', async () => {
    const created = await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--initial-password-hash', GIVEN_HASH, '--yes', '--json']);
    expect(created.code).toBe(0);
    expect((await userRow(t, 'groucho')).password).toBe(GIVEN_HASH);
    expect(created.stderr + created.stdout).not.toContain(GIVEN_HASH.split('$')[3]);
    const other = GIVEN_HASH.replace('saltsaltsalt', 'othersalt');
    const existing = await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--initial-password-hash', other, '--yes']);
    expect(existing.stderr).toContain('No changes.');
    expect((await userRow(t, 'groucho')).password).toBe(GIVEN_HASH);
  });

  it.each([
    [['--initial-password-hash', 'hunter2'], 'invalid password hash'],
    [['--initial-password-hash', 'pbkdf2_sha256$x$salt$abc'], 'invalid password hash'],
    [['--initial-password-hash', '!unusableunusableunusableunusableunusable12'], 'invalid password hash'],
  ])('refuses a bad hash without printing it: %j', async (extra, message) => {
    const before = await dumpAuth(t);
    const result = await run(t, ['manage_user', 'groucho', 'groucho@example.com', ...extra, '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toContain(extra[1]);
    expect(await dumpAuth(t)).toBe(before);
  });

  it.each([
    ['bad name', 'x@example.com', 'invalid username "bad name"'],
    ['a'.repeat(151), 'x@example.com', 'longer than 150 characters'],
    ['', 'x@example.com', 'invalid username ""'],
    ['ok', `${'e'.repeat(250)}@x.io`, 'longer than 254 characters'],
  ])('refuses username %j / email %j, naming it, and changes nothing', async (username, email, message) => {
    const before = await dumpAuth(t);
    const result = await run(t, ['manage_user', username, email, '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(await dumpAuth(t)).toBe(before);
  });

  it('accepts a 150-character username of letters, digits and @.+-_ (unicode letters too)', async () => {
    const name = `ü.@+-_${'a'.repeat(144)}`;
    expect((await run(t, ['manage_user', name, 'u@example.com', '--yes'])).code).toBe(0);
  });
});
