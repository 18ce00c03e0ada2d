import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeEach, expect, it } from 'vitest';
import { DJANGO_TARGETS, describeEachTarget } from './support/each-target.js';
import { dumpAuth, run, sql, type Target, one } from './support/targets.js';
import { BIN } from './support/tmux.js';
import { cleanEnv } from './support/targets.js';
import { tempFolder } from './support/temp-folders.js';

const dir = tempFolder('accessctl-files-');
let files = 0;
const file = (text: string, ext = 'yaml') => {
  const name = path.join(dir, `f${files++}.${ext}`);
  writeFileSync(name, text);
  return name;
};

const POLICY = `
permissions:
  myapp:
    thing: {add_thing: "Can add thing", delete_thing: "Can delete thing", publish_thing: "Can publish thing"}
groups:
  privileged_group: [myapp:Thing:add_thing, myapp:Thing:delete_thing]
  mygroup: []
users:
  groucho:
    email: groucho@example.com
    staff: true
    superuser: false
    active: true
    groups: [mygroup, privileged_group]
    permissions: [myapp:Thing:publish_thing]
    password: {unusable: true}
  harpo:
    email: harpo@example.com
`;

describeEachTarget('access files', DJANGO_TARGETS, (make) => {
  let t: Target;
  beforeEach(async () => {
    t = await make();
  });

  it('applies a policy, says "No changes." the second time, and export then apply says "No changes."', async () => {
    const policy = file(POLICY);
    const first = await run(t, ['apply', '-f', policy, '--yes']);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('+ user groucho (email groucho@example.com, is_staff true, is_superuser false, is_active true, an unusable password)');
    expect(first.stderr).toContain('+ user groucho: myapp:thing:publish_thing');
    expect(first.stderr).toContain('Plan: 9 to add, 0 to change, 0 to remove.');
    const before = await dumpAuth(t);
    expect((await run(t, ['apply', '-f', policy, '--yes'])).stderr.trim()).toBe('No changes.');
    for (const format of ['yaml', 'json']) {
      const exported = await run(t, ['export', '--format', format]);
      expect(exported.code).toBe(0);
      const again = await run(t, ['apply', '-f', file(exported.stdout, format), '--yes']);
      expect(again.stderr.trim()).toBe('No changes.');
    }
    expect(await dumpAuth(t)).toBe(before);
  });

  it('exports what was applied, sorted, without any password hash', async () => {
    await run(t, ['apply', '-f', file(POLICY), '--yes']);
    const out = path.join(dir, 'export.yaml');
    const written = await run(t, ['export', '-o', out]);
    expect(written.code).toBe(0);
    expect(written.stderr).toBe(`Wrote ${out} (2 users, 2 groups).\n`);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toMatch(/pbkdf2|initial_hash|!\w{40}/);
    const exported = parse(text);
    expect(exported.groups).toEqual({ mygroup: [], privileged_group: ['myapp:thing:add_thing', 'myapp:thing:delete_thing'] });
    expect(Object.keys(exported.users)).toEqual(['groucho', 'harpo']);
    expect(exported.users.groucho).toEqual({
      email: 'groucho@example.com',
      staff: true,
      superuser: false,
      active: true,
      groups: ['mygroup', 'privileged_group'],
      permissions: ['myapp:thing:publish_thing'],
      password: { unusable: true },
    });
    expect(exported.users.harpo).toEqual({ email: 'harpo@example.com', staff: false, superuser: false, active: true, groups: [], permissions: [] });
    expect(exported.permissions.myapp.thing.publish_thing).toBe('Can publish thing');
    expect(exported.permissions.myapp.specialthing.add_specialthing).toBe('Can add special thing');
    expect((await run(t, ['export'])).stdout).toBe(text);
    await run(t, ['manage_group', 'mygroup', '--remove', '--yes']);
    await run(t, ['manage_user', 'harpo', 'harpo@example.com', '--remove', '--yes']);
    expect((await run(t, ['export', '-o', out])).stderr).toBe(`Wrote ${out} (1 user, 1 group).\n`);
  });

  it('leaves unlisted groups and users alone, and removes them with --prune (superusers only with --prune-superusers)', async () => {
    await run(t, ['manage_group', 'legacy', '--yes']);
    await run(t, ['manage_user', 'zeppo', 'zeppo@example.com', '--yes']);
    await run(t, ['manage_user', 'root', 'root@example.com', '--superuser', '--yes']);
    const policy = file(POLICY);
    await run(t, ['apply', '-f', policy, '--yes']);
    expect(one(await sql(t, 'SELECT count(*)::int AS n FROM auth_user')).n).toBe(4);
    const pruned = await run(t, ['apply', '-f', policy, '--prune', '--yes']);
    expect(pruned.code).toBe(0);
    expect(pruned.stderr).toContain('- group legacy (0 members, 0 permissions)');
    expect(pruned.stderr).toContain('- user zeppo');
    expect(pruned.stderr).toContain('Kept superuser "root"');
    expect((await sql(t, 'SELECT username FROM auth_user ORDER BY 1')).map((r) => r.username)).toEqual(['groucho', 'harpo', 'root']);
    // root is the last active superuser: removing it needs --allow-no-superuser too.
    const before = await dumpAuth(t);
    const refused = await run(t, ['apply', '-f', policy, '--prune', '--prune-superusers', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refusing to leave no active superuser: "root" is the last one');
    expect(await dumpAuth(t)).toBe(before);
    const superusers = await run(t, ['apply', '-f', policy, '--prune', '--prune-superusers', '--allow-no-superuser', '--yes']);
    expect(superusers.stderr).toContain('- user root');
    expect((await sql(t, 'SELECT username FROM auth_user ORDER BY 1')).map((r) => r.username)).toEqual(['groucho', 'harpo']);
  });

  it('reports every problem at once with line:column and path, and changes nothing', async () => {
    await run(t, ['apply', '-f', file(POLICY), '--yes']);
    const before = await dumpAuth(t);
    const bad = file(`groups:
  g1: [fail, myapp:Thing:nope_thing]
  g1: []
  ${'x'.repeat(151)}: []
users:
  groucho:
    email: other@example.com
    staff: "yes"
    colour: blue
    groups: [nosuchgroup]
  "bad name":
    email: x@example.com
  zeppo: {}
flavour: 1
`);
    const result = await run(t, ['apply', '-f', bad, '--yes']);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      `Error: ${bad}:3:3: groups.g1: listed twice`,
      `Error: ${bad}:8:12: users.groucho.staff: expected boolean, got string`,
      `Error: ${bad}:9:5: users.groucho.colour: unknown key "colour"`,
      `Error: ${bad}:13:3: users.zeppo.email: missing (expected string)`,
      `Error: ${bad}:14:1: flavour: unknown key "flavour"`,
    ]);
    const fixed = file(
      readFileSync(bad, 'utf8')
        .replace(/^ {2}g1: \[\]\n/m, '')
        .replace('"yes"', 'true')
        .replace(/^ {4}colour.*\n/m, '')
        .replace(/^ {2}zeppo.*\n/m, '')
        .replace(/^flavour.*\n/m, ''),
    );
    const second = await run(t, ['apply', '-f', fixed, '--yes', '--json']);
    expect(second.code).toBe(1);
    expect(second.stderr.trim().split('\n')).toEqual([
      `Error: ${fixed}:2:8: groups.g1[0]: invalid permission "fail": use the form APP_LABEL:MODEL:CODENAME or APP_LABEL.CODENAME`,
      `Error: ${fixed}:2:14: groups.g1[1]: invalid permission "myapp:Thing:nope_thing": no permission "nope_thing" on model myapp.thing`,
      `Error: ${fixed}:3:3: groups.${'x'.repeat(151)}: invalid group name "${'x'.repeat(151)}": longer than 150 characters`,
      `Error: ${fixed}:6:12: users.groucho.email: the email "other@example.com" and the email of the existing user "groucho" ("groucho@example.com") do not match`,
      `Error: ${fixed}:8:14: users.groucho.groups[0]: group "nosuchgroup" does not exist in the file or the database (named for user "groucho")`,
      `Error: ${fixed}:9:3: users.bad name: invalid username "bad name": use only letters, digits and @ . + - _`,
    ]);
    expect(JSON.parse(second.stdout)).toMatchObject({ outcome: 'invalid', plan: null, errors: expect.arrayContaining([expect.stringContaining('nosuchgroup')]) });
    expect(await dumpAuth(t)).toBe(before);
  });

  it('checks an initial hash without printing it, and reports bad YAML at its position', async () => {
    const before = await dumpAuth(t);
    const hash = file(`users:\n  chico:\n    email: chico@example.com\n    password: {initial_hash: "my-secret-password"}\n`);
    const result = await run(t, ['apply', '-f', hash, '--yes']);
    expect(result.stderr.trim()).toBe(`Error: ${hash}:4:30: users.chico.password.initial_hash: invalid password hash for user "chico": not a Django password hash`);
    const broken = file('users:\n  chico: [\n');
    const syntax = await run(t, ['apply', '-f', broken, '--yes']);
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toMatch(new RegExp(`^Error: ${broken}:\\d+:\\d+: `));
    expect((await run(t, ['apply', '-f', path.join(dir, 'missing.yaml'), '--yes'])).stderr).toContain('no such file');
    expect((await run(t, ['apply', '-f', dir, '--yes'])).stderr.trim()).toBe(`Error: cannot read ${JSON.stringify(dir)}: it is a folder`);
    expect(await dumpAuth(t)).toBe(before);
  });

  it('--json prints the plan and outcome; --dry-run and --detailed-exitcode behave as for the commands', async () => {
    const policy = file(POLICY);
    const dry = await run(t, ['apply', '-f', policy, '--dry-run', '--detailed-exitcode', '--json']);
    expect(dry.code).toBe(2);
    const body = JSON.parse(dry.stdout);
    expect(body.outcome).toBe('dry-run');
    expect(body.plan.summary).toEqual({ add: 9, change: 0, remove: 0 });
    expect(body.plan.changes[0]).toEqual({ action: 'add', object: 'group', key: { group: 'privileged_group' } });
    expect(one(await sql(t, 'SELECT count(*)::int AS n FROM auth_user')).n).toBe(0);
  });

  it('applies 1,000 users in 20 groups in one plan, and re-applies with no changes', async () => {
    const groups = Object.fromEntries(Array.from({ length: 20 }, (_, g) => [`team${g}`, ['myapp:Thing:view_thing']]));
    const users = Object.fromEntries(
      Array.from({ length: 1000 }, (_, u) => [
        `user${u}`,
        { email: `user${u}@example.com`, staff: u % 10 === 0, groups: [`team${u % 20}`, `team${(u + 7) % 20}`, `team${(u + 13) % 20}`] },
      ]),
    );
    const big = file(JSON.stringify({ groups, users }), 'json');
    const first = await run(t, ['apply', '-f', big, '--yes', '--verbosity', '0']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(await sql(t, 'SELECT count(*)::int AS users, sum(is_staff::int)::int AS staff FROM auth_user')).toEqual([{ users: 1000, staff: 100 }]);
    expect(await sql(t, 'SELECT count(*)::int AS n FROM auth_user_groups')).toEqual([{ n: 3000 }]);
    const again = await run(t, ['apply', '-f', big, '--yes']);
    expect(again.stderr.trim()).toBe('No changes.');
  });

  it('draws the graph of a small fixture in Mermaid and dot, whole or around a user, group or app', async () => {
    await run(t, ['apply', '-f', file(POLICY), '--yes']);
    const mermaid = await run(t, ['graph']);
    expect(mermaid.stdout).toBe(
      [
        'flowchart LR',
        '  u0(["groucho"])',
        '  u1(["harpo"])',
        '  g2["mygroup"]',
        '  g3["privileged_group"]',
        '  p4{{"myapp:thing:add_thing"}}',
        '  p5{{"myapp:thing:delete_thing"}}',
        '  p6{{"myapp:thing:publish_thing"}}',
        '  g3 --> p4',
        '  g3 --> p5',
        '  u0 --> g2',
        '  u0 --> g3',
        '  u0 -. direct .-> p6',
        '  classDef user fill:#e8f0fe',
        '  classDef group fill:#fef7e0',
        '  classDef permission fill:#e6f4ea',
        '  class u0,u1 user',
        '  class g2,g3 group',
        '  class p4,p5,p6 permission',
        '',
      ].join('\n'),
    );
    const dot = await run(t, ['graph', '--format', 'dot', '--group', 'privileged_group']);
    expect(dot.stdout).toBe(
      [
        'digraph access {',
        '  rankdir=LR;',
        '  "user:groucho" [label="groucho", shape=ellipse];',
        '  "group:privileged_group" [label="privileged_group", shape=box];',
        '  "perm:myapp:thing:add_thing" [label="myapp:thing:add_thing", shape=hexagon];',
        '  "perm:myapp:thing:delete_thing" [label="myapp:thing:delete_thing", shape=hexagon];',
        '  "group:privileged_group" -> "perm:myapp:thing:add_thing";',
        '  "group:privileged_group" -> "perm:myapp:thing:delete_thing";',
        '  "user:groucho" -> "group:privileged_group";',
        '}',
        '',
      ].join('\n'),
    );
    const harpo = await run(t, ['graph', '--user', 'harpo']);
    expect(harpo.stdout.split('\n').slice(0, 2)).toEqual(['flowchart LR', '  u0(["harpo"])']);
    const app = await run(t, ['graph', '--app', 'myapp']);
    expect(app.stdout).toContain('myapp:thing:publish_thing');
    expect((await run(t, ['graph', '--user', 'nobody'])).stderr).toContain('no user named "nobody"');
    expect((await run(t, ['graph', '--user', 'a', '--group', 'b'])).code).toBe(2);
  });
});

it('reads the access file from standard input with -f -', async () => {
  const { embeddedTarget } = await import('./support/targets.js');
  const t = await embeddedTarget('django');
  const out = execFileSync(process.execPath, [BIN, 'apply', '-f', '-', '--yes', ...t.options], {
    input: 'groups:\n  from_stdin: []\n',
    env: cleanEnv(),
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  expect(out).toBe('');
  expect(await sql(t, 'SELECT name FROM auth_group')).toEqual([{ name: 'from_stdin' }]);
});
