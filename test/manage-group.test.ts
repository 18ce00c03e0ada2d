import { beforeEach, expect, it } from 'vitest';
import { DJANGO_TARGETS, describeEachTarget } from './support/each-target.js';
import { dumpAuth, run, sql, type Target, one } from './support/targets.js';

const groupPerms = (t: Target, group: string) =>
  sql<{ perm: string }>(
    t,
    `SELECT ct.app_label || '.' || p.codename AS perm FROM auth_group g JOIN auth_group_permissions gp ON gp.group_id = g.id
       JOIN auth_permission p ON p.id = gp.permission_id JOIN django_content_type ct ON ct.id = p.content_type_id
      WHERE g.name = $1 ORDER BY 1`,
    [group],
  ).then((rows) => rows.map((r) => r.perm));

describeEachTarget('manage_group', DJANGO_TARGETS, (make) => {
  let t: Target;
  beforeEach(async () => {
    t = await make();
  });

  it('creates a group with no permissions, and a second run changes nothing', async () => {
    const first = await run(t, ['manage_group', 'mygroup', '--yes']);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('+ group mygroup');
    expect(first.stderr).toContain('Plan: 1 to add, 0 to change, 0 to remove.');
    expect(await sql(t, `SELECT name FROM auth_group`)).toEqual([{ name: 'mygroup' }]);
    const before = await dumpAuth(t);
    const second = await run(t, ['manage_group', 'mygroup', '--yes']);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('No changes.');
    expect(await dumpAuth(t)).toBe(before);
  });

  it('sets exactly the listed permissions (documented syntax), keeping unchanged rows and their ids', async () => {
    const created = await run(t, ['manage_group', 'privileged_group', '-p', 'myapp:Thing:add_thing', 'myapp:Thing:delete_thing', '--yes']);
    expect(created.code).toBe(0);
    expect(created.stderr).toContain('+ privileged_group: myapp:thing:add_thing');
    expect(await groupPerms(t, 'privileged_group')).toEqual(['myapp.add_thing', 'myapp.delete_thing']);
    const kept = one(await sql(t, `SELECT gp.id FROM auth_group_permissions gp JOIN auth_permission p ON p.id = gp.permission_id WHERE p.codename = 'add_thing'`));

    const changed = await run(t, ['manage_group', 'privileged_group', '--permissions', 'myapp:thing:add_thing', 'myapp:Thing:publish_thing', '--yes']);
    expect(changed.code).toBe(0);
    expect(changed.stderr).toContain('+ privileged_group: myapp:thing:publish_thing');
    expect(changed.stderr).toContain('- privileged_group: myapp:thing:delete_thing');
    expect(changed.stderr).toContain('Plan: 1 to add, 0 to change, 1 to remove.');
    expect(await groupPerms(t, 'privileged_group')).toEqual(['myapp.add_thing', 'myapp.publish_thing']);
    const still = one(await sql(t, `SELECT gp.id FROM auth_group_permissions gp JOIN auth_permission p ON p.id = gp.permission_id WHERE p.codename = 'add_thing'`));
    expect(still.id).toBe(kept.id);

    const none = await run(t, ['manage_group', 'privileged_group', '--yes']);
    expect(none.code).toBe(0);
    expect(await groupPerms(t, 'privileged_group')).toEqual([]);
  });

  it("resolves a proxy model's permissions to its own content type, and takes a repeated permission", async () => {
    const result = await run(t, ['manage_group', 'g', '-p', 'myapp:SpecialThing:add_specialthing', 'myapp:SpecialThing:add_specialthing', '--yes']);
    expect(result.code).toBe(0);
    const rows = await sql(
      t,
      `SELECT ct.model FROM auth_group_permissions gp JOIN auth_permission p ON p.id = gp.permission_id JOIN django_content_type ct ON ct.id = p.content_type_id`,
    );
    expect(rows).toEqual([{ model: 'specialthing' }]);
  });

  it('removes a group with its permission links and memberships; its users stay; a missing group is fine', async () => {
    await run(t, ['manage_group', 'mygroup', '-p', 'myapp:Thing:add_thing', '--yes']);
    await run(t, ['manage_user', 'groucho', 'groucho@example.com', '-g', 'mygroup', '--yes']);
    const removed = await run(t, ['manage_group', 'mygroup', '--remove', '--yes']);
    expect(removed.code).toBe(0);
    expect(removed.stderr).toContain('- group mygroup (1 member, 1 permission)');
    expect(await sql(t, 'SELECT count(*)::int AS n FROM auth_group')).toEqual([{ n: 0 }]);
    expect(await sql(t, 'SELECT count(*)::int AS n FROM auth_group_permissions')).toEqual([{ n: 0 }]);
    expect(await sql(t, 'SELECT count(*)::int AS n FROM auth_user_groups')).toEqual([{ n: 0 }]);
    expect(await sql(t, 'SELECT username FROM auth_user')).toEqual([{ username: 'groucho' }]);
    const again = await run(t, ['manage_group', 'mygroup', '--remove', '--yes']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Group "mygroup" does not exist; nothing to remove.');
    expect(again.stderr).toContain('No changes.');
  });

  it.each([
    [['fail'], 'invalid permission "fail": use the form APP_LABEL:MODEL:CODENAME'],
    [['f:a:i:l'], 'invalid permission "f:a:i:l"'],
    [['nope:Thing:add_thing'], 'no installed app with label "nope"'],
    [['myapp:Nope:add_nope'], 'app "myapp" has no model "Nope"'],
    [['myapp:Thing:fly_thing'], 'invalid permission "myapp:Thing:fly_thing": no permission "fly_thing" on model myapp.thing'],
    [['myapp:Thing:add_thing', 'myapp:Thing:fly_thing'], 'fly_thing'],
  ])('refuses %j, naming it, and changes nothing', async (perms, message) => {
    await run(t, ['manage_group', 'privileged_group', '-p', 'myapp:Thing:view_thing', '--yes']);
    const before = await dumpAuth(t);
    const result = await run(t, ['manage_group', 'privileged_group', '-p', ...perms, '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(await dumpAuth(t)).toBe(before);
  });

  it('refuses an empty name and a name over 150 characters (characters, not bytes)', async () => {
    const before = await dumpAuth(t);
    const long = 'é'.repeat(151);
    for (const name of ['', long]) {
      const result = await run(t, ['manage_group', name, '--yes']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`invalid group name ${JSON.stringify(name)}`);
    }
    expect(await dumpAuth(t)).toBe(before);
    const ok = await run(t, ['manage_group', 'é'.repeat(150), '--yes']);
    expect(ok.code).toBe(0);
  });

  it('--dry-run shows the plan and writes nothing; --detailed-exitcode says whether changes are pending', async () => {
    const before = await dumpAuth(t);
    const dry = await run(t, ['manage_group', 'g', '-p', 'myapp:Thing:add_thing', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain('+ group g');
    expect(await dumpAuth(t)).toBe(before);
    expect((await run(t, ['manage_group', 'g', '--dry-run', '--detailed-exitcode'])).code).toBe(2);
    await run(t, ['manage_group', 'g', '--yes']);
    expect((await run(t, ['manage_group', 'g', '--dry-run', '--detailed-exitcode'])).code).toBe(0);
    expect((await run(t, ['manage_group', 'g', '--dry-run', '--detailed-exitcode', '-p', 'bad'])).code).toBe(1);
  });

  it('without a terminal and without --yes refuses, naming --yes and --dry-run, and changes nothing', async () => {
    const before = await dumpAuth(t);
    const result = await run(t, ['manage_group', 'g']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--yes.*--dry-run/);
    expect(await dumpAuth(t)).toBe(before);
  });

  it('--json prints the plan and the outcome on stdout', async () => {
    const result = await run(t, ['manage_group', 'g', '-p', 'myapp:Thing:add_thing', '--yes', '--json']);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body.format_version).toBe(1);
    expect(body.outcome).toBe('applied');
    expect(body.plan.summary).toEqual({ add: 2, change: 0, remove: 0 });
    expect(body.plan.changes).toEqual([
      { action: 'add', object: 'group', key: { group: 'g' } },
      { action: 'add', object: 'group_permission', key: { group: 'g', permission: 'myapp:thing:add_thing' } },
    ]);
    const again = JSON.parse((await run(t, ['manage_group', 'g', '-p', 'myapp:Thing:add_thing', '--yes', '--json'])).stdout);
    expect(again.outcome).toBe('no-changes');
    const bad = await run(t, ['manage_group', 'g', '-p', 'nope:x:y', '--yes', '--json']);
    expect(JSON.parse(bad.stdout)).toMatchObject({ outcome: 'invalid', errors: [expect.stringContaining('nope:x:y')] });
  });

  it('--verbosity 0 prints only warnings and errors', async () => {
    const quiet = await run(t, ['manage_group', 'g', '--yes', '--verbosity', '0']);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
  });
});
