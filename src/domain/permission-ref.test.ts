import { describe, expect, it } from 'vitest';
import { InvalidInput } from './errors.js';
import { parsePermissionRef, type PermissionRef } from './permission-ref.js';
import { computePlan } from './plan/compute.js';
import type { CurrentState } from './plan/current-state.js';

const entry = (appLabel: string, model: string, codename: string) => ({ appLabel, model, codename, name: codename, groups: 0, users: 0 });
const state = (): CurrentState => ({
  activeSuperusers: [],
  users: new Map(),
  groups: new Map(),
  catalogue: [entry('blog', 'post', 'add_post'), entry('blog', 'post', 'publish'), entry('blog', 'page', 'publish'), entry('shop', 'order', 'add_order')],
});
const planFor = (perms: string[]) =>
  computePlan(state(), {
    permissions: [],
    users: [],
    groups: [{ name: 'editors', present: true, permissions: { exact: perms.map((p) => parsePermissionRef(p) as PermissionRef) } }],
  });
const problemsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidInput) return error.problems.map((p) => p.message);
    throw error;
  }
  return [];
};

describe('permission notation', () => {
  it("parses APP_LABEL:MODEL:CODENAME (model in any case) and Django's APP_LABEL.CODENAME", () => {
    expect(parsePermissionRef('blog:Post:add_post')).toMatchObject({ appLabel: 'blog', model: 'post', codename: 'add_post' });
    expect(parsePermissionRef('blog.add_post')).toEqual({ appLabel: 'blog', codename: 'add_post', given: 'blog.add_post', path: undefined });
    // has_perm splits at the first dot: the rest is the codename.
    expect(parsePermissionRef('blog.can.publish')).toMatchObject({ appLabel: 'blog', codename: 'can.publish' });
    for (const bad of ['blog', 'blog.', '.add_post', 'blog:post', 'a:b:c:d', 'blog::add_post', '']) {
      expect(parsePermissionRef(bad)).toMatch(/use the form APP_LABEL:MODEL:CODENAME or APP_LABEL\.CODENAME/);
    }
    expect(parsePermissionRef('bad\u001b[31m')).toContain('"bad\\e[31m"');
  });

  it('resolves the short form through the catalogue to the same change as the long form', () => {
    expect(planFor(['blog.add_post', 'shop.add_order']).changes).toEqual(planFor(['blog:Post:add_post', 'shop:order:add_order']).changes);
  });

  it('refuses an ambiguous short form, listing every candidate in the printed notation', () => {
    expect(problemsOf(() => planFor(['blog.publish']))).toEqual([
      'ambiguous permission "blog.publish": app "blog" has it on 2 models; name one: blog:page:publish, blog:post:publish',
    ]);
    expect(planFor(['blog:post:publish']).changes).toContainEqual({ type: 'group_permission', action: 'add', group: 'editors', permission: 'blog:post:publish' });
  });

  it('names the app or codename a short form does not find', () => {
    expect(problemsOf(() => planFor(['nope.add_post', 'blog.nothing']))).toEqual([
      'invalid permission "nope.add_post": no installed app with label "nope"',
      'invalid permission "blog.nothing": app "blog" has no permission "nothing"',
    ]);
  });
});
