import { describe, expect, it } from 'vitest';
import { sameState, type CurrentState } from '../../src/domain/plan/current-state.js';

// The plan shown is applied without computing it again only when the rows read again are the same.

function state(): CurrentState {
  return {
    users: new Map([
      [
        'groucho',
        {
          id: 1,
          username: 'groucho',
          email: 'g@example.com',
          isStaff: true,
          isSuperuser: false,
          isActive: true,
          usablePassword: true,
          groups: new Set(['editors']),
          permissions: new Set(['blog:post:add_post']),
        },
      ],
    ]),
    groups: new Map([['editors', { id: 3, name: 'editors', members: 1, permissions: new Set(['blog:post:change_post']) }]]),
    catalogue: [{ appLabel: 'blog', model: 'post', codename: 'add_post', name: 'Can add post', groups: 0, users: 1 }],
    activeSuperusers: ['root'],
  };
}

describe('sameState', () => {
  it('is true for the same rows read twice', () => {
    expect(sameState(state(), state())).toBe(true);
  });

  it.each<[string, (s: CurrentState) => void]>([
    ['a flag', (s) => (s.users.get('groucho')!.isStaff = false)],
    ['an email', (s) => (s.users.get('groucho')!.email = 'G@example.com')],
    ['a usable password', (s) => (s.users.get('groucho')!.usablePassword = false)],
    ['a group of a user', (s) => (s.users.get('groucho')!.groups = new Set([...s.users.get('groucho')!.groups, 'authors']))],
    ['a direct permission, same count', (s) => (s.users.get('groucho')!.permissions = new Set(['blog:post:delete_post']))],
    ['a user id (removed and made again)', (s) => (s.users.get('groucho')!.id = 9)],
    ['a new user', (s) => s.users.set('harpo', { ...s.users.get('groucho')!, id: 2, username: 'harpo' })],
    ['a group member count', (s) => (s.groups.get('editors')!.members = 2)],
    ['a group permission', (s) => (s.groups.get('editors')!.permissions = new Set())],
    ['a permission name', (s) => (s.catalogue[0]!.name = 'Can add a post')],
    ['a grant count', (s) => (s.catalogue[0]!.users = 0)],
    ['the active superusers', (s) => (s.activeSuperusers = [])],
  ])('is false when %s differs', (_, change) => {
    const other = state();
    change(other);
    expect(sameState(state(), other)).toBe(false);
    expect(sameState(other, state())).toBe(false);
  });
});
