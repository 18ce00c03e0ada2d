import { describe, expect, it } from 'vitest';
import { permissionEffects, type AccessSnapshot } from './permission-effects.js';
import type { Change } from './plan/changes.js';

const before = (): AccessSnapshot => ({
  users: new Map([
    ['ann', { isActive: true, isSuperuser: false, groups: new Set(['editors']), permissions: new Set<string>() }],
    ['bob', { isActive: false, isSuperuser: false, groups: new Set<string>(), permissions: new Set<string>() }],
  ]),
  groups: new Map([
    ['editors', new Set(['blog:post:change_post'])],
    ['viewers', new Set(['blog:post:view_post'])],
  ]),
});
const catalogue = ['blog:post:change_post', 'blog:post:view_post', 'blog:post:delete_post'];
const plan = (changes: Change[]) => ({ changes, warnings: [], notes: [] });

describe('permissionEffects: what each user gains and loses by a plan, as has_perm answers', () => {
  it.each<[string, Change[], unknown]>([
    [
      'joining a group gains its permissions',
      [{ type: 'user_group', action: 'add', username: 'ann', group: 'viewers' }],
      [{ username: 'ann', gained: ['blog:post:view_post'], lost: [] }],
    ],
    [
      'a group losing a permission takes it from its members',
      [{ type: 'group_permission', action: 'remove', group: 'editors', permission: 'blog:post:change_post' }],
      [{ username: 'ann', gained: [], lost: ['blog:post:change_post'] }],
    ],
    ['an inactive user gains nothing from a group', [{ type: 'user_group', action: 'add', username: 'bob', group: 'viewers' }], []],
    [
      'activating a user gives them what their paths give',
      [
        { type: 'user', action: 'update', username: 'bob', field: 'is_active', from: false, to: true },
        { type: 'user_permission', action: 'add', username: 'bob', permission: 'blog:post:delete_post' },
      ],
      [{ username: 'bob', gained: ['blog:post:delete_post'], lost: [] }],
    ],
    [
      'becoming a superuser is said, not listed',
      [{ type: 'user', action: 'update', username: 'ann', field: 'is_superuser', from: false, to: true }],
      [{ username: 'ann', gained: [], lost: [], note: 'becomes an active superuser: gains every permission' }],
    ],
    ['a flag like staff changes no permission', [{ type: 'user', action: 'update', username: 'ann', field: 'is_staff', from: false, to: true }], []],
  ])('%s', (_, changes, expected) => {
    expect(permissionEffects(plan(changes), before(), ['ann', 'bob'], catalogue)).toEqual(expected);
  });
});
