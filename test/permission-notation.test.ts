import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { DJANGO_TARGETS, describeEachTarget } from './support/each-target.js';
import { dumpAuth, run, type Target } from './support/targets.js';
import { tempFolder } from './support/temp-folders.js';

const dir = tempFolder('accessctl-notation-');
let files = 0;
const file = (text: string) => {
  const name = path.join(dir, `f${files++}.yaml`);
  writeFileSync(name, text);
  return name;
};

/** Every APP_LABEL:MODEL:CODENAME a text shows. */
/** A run that found nothing to change. */
const unchanged = (result: { code: number; stderr: string }) =>
  result.code === 0 && result.stderr.trim().split('\n').pop() === 'No changes.' && !/^[+~-] /m.test(result.stderr);

const printedPermissions = (text: string) => [...new Set(text.match(/\bmyapp:[a-z]+:[a-z_]+/g) ?? [])].sort();

describeEachTarget('one permission notation', DJANGO_TARGETS, (make) => {
  let t: Target;
  beforeEach(async () => {
    t = await make();
  });

  it("accepts Django's APP_LABEL.CODENAME beside APP_LABEL:MODEL:CODENAME in commands and access files, and prints one notation", async () => {
    const short = await run(t, ['manage_group', 'editors', '-p', 'myapp.add_thing', 'myapp:SpecialThing:change_specialthing', '--yes']);
    expect(short.code).toBe(0);
    expect(short.stderr).toContain('+ editors: myapp:specialthing:change_specialthing\n+ editors: myapp:thing:add_thing\n');
    expect(unchanged(await run(t, ['manage_group', 'editors', '-p', 'myapp:Thing:add_thing', 'myapp.change_specialthing', '--yes']))).toBe(true);

    const policy = file(
      `groups:\n  editors: [myapp.add_thing, myapp:specialthing:change_specialthing]\nusers:\n  groucho:\n    email: groucho@example.com\n    permissions: [myapp.delete_thing]\n`,
    );
    const applied = await run(t, ['apply', '-f', policy, '--yes']);
    expect(applied.code).toBe(0);
    expect(applied.stderr).toContain('+ user groucho: myapp:thing:delete_thing');
    expect(unchanged(await run(t, ['apply', '-f', policy, '--yes']))).toBe(true);

    const removed = await run(t, ['manage_permission', 'myapp.view_thing', '--remove', '--yes']);
    expect(removed.code).toBe(0);
    expect(removed.stderr).toContain('- permission myapp:thing:view_thing (granted to 0 groups and 0 users directly)');
  });

  it('pastes back whatever the plan, graph and export print: every command takes it and has nothing to change', async () => {
    const plan = await run(t, ['manage_group', 'editors', '-p', 'myapp.add_thing', 'myapp.delete_thing', 'myapp.change_specialthing', '--yes']);
    const fromPlan = printedPermissions(plan.stderr);
    expect(fromPlan).toEqual(['myapp:specialthing:change_specialthing', 'myapp:thing:add_thing', 'myapp:thing:delete_thing']);
    expect(unchanged(await run(t, ['manage_group', 'editors', '-p', ...fromPlan, '--yes']))).toBe(true);

    const graph = await run(t, ['graph', '--format', 'dot']);
    const labels = [...graph.stdout.matchAll(/label="([^"]+)", shape=hexagon/g)].map((m) => m[1] ?? '').sort();
    expect(labels).toEqual(fromPlan);
    expect(unchanged(await run(t, ['manage_group', 'editors', '-p', ...labels, '--yes']))).toBe(true);

    const exported = await run(t, ['export']);
    expect(printedPermissions(exported.stdout.split('users:')[0]?.split('groups:')[1] ?? '')).toEqual(fromPlan);
    expect(unchanged(await run(t, ['apply', '-f', file(exported.stdout), '--yes']))).toBe(true);
    for (const key of fromPlan) {
      const again = await run(t, ['manage_permission', key, '--yes']);
      expect(again.stderr).toContain(`Found existing permission ${key}.`);
      expect(unchanged(again)).toBe(true);
    }
  });

  it('refuses a short form that two models of the app share, listing both, and changes nothing', async () => {
    expect((await run(t, ['manage_permission', 'myapp:Thing:publish', '--yes'])).code).toBe(0);
    expect((await run(t, ['manage_permission', 'myapp:SpecialThing:publish', '--yes'])).code).toBe(0);
    const before = await dumpAuth(t);
    const ambiguous = await run(t, ['manage_group', 'editors', '-p', 'myapp.publish', '--yes']);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr.trim()).toBe(
      'Error: ambiguous permission "myapp.publish": app "myapp" has it on 2 models; name one: myapp:specialthing:publish, myapp:thing:publish',
    );
    const inFile = await run(t, ['apply', '-f', file('groups:\n  editors: [myapp.publish]\n'), '--yes']);
    expect(inFile.code).toBe(1);
    expect(inFile.stderr).toMatch(/:2:13: groups\.editors\[0\]: ambiguous permission "myapp\.publish"/);
    const create = await run(t, ['manage_permission', 'myapp.nothing_here', '--yes']);
    expect(create.stderr.trim()).toBe(
      'Error: invalid permission "myapp.nothing_here": app "myapp" has no permission "nothing_here"; to create it, name its model: APP_LABEL:MODEL:CODENAME',
    );
    expect(await dumpAuth(t)).toBe(before);
    expect((await run(t, ['manage_group', 'editors', '-p', 'myapp:thing:publish', '--yes'])).code).toBe(0);
  });
});
