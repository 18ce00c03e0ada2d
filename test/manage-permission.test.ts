import { beforeEach, describe, expect, it } from 'vitest';
import { dumpAuth, embeddedTarget, run, sql, type Target } from './support/targets.js';

describe('manage_permission — on a database Django did not fill (embedded, migrated by accessctl)', () => {
  let t: Target;
  beforeEach(async () => {
    t = await embeddedTarget('migrated');
  });

  it("creates the content type (model in lower case) and the permission with Django's default name", async () => {
    const result = await run(t, ['manage_permission', 'myapp:Thing:add_thing', '--yes']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('+ content type myapp.thing');
    expect(result.stderr).toContain('+ permission myapp:thing:add_thing "Can add thing"');
    const rows = await sql(
      t,
      `SELECT ct.app_label, ct.model, p.codename, p.name FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id WHERE ct.app_label = 'myapp'`,
    );
    expect(rows).toEqual([{ app_label: 'myapp', model: 'thing', codename: 'add_thing', name: 'Can add thing' }]);
    const custom = await run(t, ['manage_permission', 'myapp:thing:publish_thing', '--yes']);
    expect(custom.stderr).toContain('+ permission myapp:thing:publish_thing "publish_thing"');
    expect(custom.stderr).not.toContain('content type');
  });

  it('sets the name when given, is idempotent, and then serves manage_group', async () => {
    await run(t, ['manage_permission', 'myapp:Thing:publish_thing', '--name', 'Can publish thing', '--yes']);
    const before = await dumpAuth(t);
    expect((await run(t, ['manage_permission', 'myapp:Thing:publish_thing', '--name', 'Can publish thing', '--yes'])).stderr).toContain('No changes.');
    expect((await run(t, ['manage_permission', 'myapp:Thing:publish_thing', '--yes'])).stderr).toContain('No changes.');
    expect(await dumpAuth(t)).toBe(before);
    const renamed = await run(t, ['manage_permission', 'myapp:Thing:publish_thing', '--name', 'Can publish', '--yes']);
    expect(renamed.stderr).toContain('~ permission myapp:thing:publish_thing: name "Can publish thing" -> "Can publish"');
    expect((await run(t, ['manage_group', 'editors', '-p', 'myapp:Thing:publish_thing', '--yes'])).code).toBe(0);
  });

  it('--remove deletes the permission and its grants; the content type stays', async () => {
    await run(t, ['manage_permission', 'myapp:Thing:publish_thing', '--yes']);
    await run(t, ['manage_group', 'editors', '-p', 'myapp:Thing:publish_thing', '--yes']);
    const result = await run(t, ['manage_permission', 'myapp:Thing:publish_thing', '--remove', '--yes']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('- permission myapp:thing:publish_thing (granted to 1 group and 0 users directly)');
    expect(await sql(t, `SELECT count(*)::int AS n FROM auth_group_permissions`)).toEqual([{ n: 0 }]);
    expect(await sql(t, `SELECT count(*)::int AS n FROM django_content_type WHERE app_label = 'myapp'`)).toEqual([{ n: 1 }]);
    expect((await run(t, ['manage_permission', 'myapp:Thing:publish_thing', '--remove', '--yes'])).stderr).toContain('does not exist');
  });

  it('refuses bad input, naming it, and changes nothing', async () => {
    const before = await dumpAuth(t);
    for (const [args, message] of [
      [['fail'], 'invalid permission "fail"'],
      [['a:b:c', '--name', 'x'.repeat(256)], 'longer than 255 characters'],
      [[`a:b:${'c'.repeat(101)}`], 'at most 100 characters'],
    ] as const) {
      const result = await run(t, ['manage_permission', ...args, '--yes']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(message);
    }
    expect(await dumpAuth(t)).toBe(before);
  });
});
