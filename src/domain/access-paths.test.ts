import { describe, expect, it } from 'vitest';
import { accessTo, type PermissionHolder } from './access-paths.js';

const groups: Record<string, Set<string>> = { editors: new Set(['blog:post:change_post']), viewers: new Set(['blog:post:view_post']) };
const lookup = (g: string) => groups[g];
const user = (over: Partial<PermissionHolder>): PermissionHolder => ({ isActive: true, isSuperuser: false, groups: [], permissions: new Set(), ...over });

describe('accessTo follows Django ModelBackend.has_perm', () => {
  it.each([
    ['no path', user({}), 'blog:post:change_post', { holds: false, paths: [] }],
    ['direct', user({ permissions: new Set(['blog:post:change_post']) }), 'blog:post:change_post', { holds: true, paths: [{ kind: 'direct' }] }],
    ['through a group', user({ groups: ['viewers', 'editors'] }), 'blog:post:change_post', { holds: true, paths: [{ kind: 'group', group: 'editors' }] }],
    ['active superuser holds everything', user({ isSuperuser: true }), 'shop:order:refund_order', { holds: true, paths: [{ kind: 'superuser' }] }],
    [
      'inactive holds nothing, paths kept',
      user({ isActive: false, isSuperuser: true, groups: ['editors'] }),
      'blog:post:change_post',
      { holds: false, paths: [{ kind: 'superuser' }, { kind: 'group', group: 'editors' }], blockedBy: 'inactive' },
    ],
    ['inactive without a path is not blocked', user({ isActive: false }), 'blog:post:view_post', { holds: false, paths: [] }],
  ])('%s', (_, holder, permission, expected) => {
    expect(accessTo(holder, permission, lookup)).toEqual(expected);
  });
});
