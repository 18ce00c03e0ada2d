import { describe, expect, it } from 'vitest';
import { exportDocument } from '../../src/domain/access-file/export.js';
import type { CurrentState, CurrentUser } from '../../src/domain/plan/current-state.js';

// An export is sorted and stable (applying it says "No changes"): names in the order of their
// UTF-16 code units, whatever order the rows came in. ('bob+x' after 'bob': comparing whole
// entries, or their text, would put it first. Names that read as array indexes, such as "42", come
// first in any JavaScript object, in numeric order.)

const NAMES = ['zed', 'bob+x', 'émile', 'Alice', '😀smile', 'bob', 'alice', '\uffffend', 'Bob'];
const SORTED = ['Alice', 'Bob', 'alice', 'bob', 'bob+x', 'zed', 'émile', '😀smile', '\uffffend'];

const user = (username: string, id: number): CurrentUser => ({
  id,
  username,
  email: `${id}@example.com`,
  isStaff: false,
  isSuperuser: false,
  isActive: true,
  usablePassword: true,
  groups: new Set(['writers', 'editors']),
  permissions: new Set(),
});

function state(): CurrentState {
  return {
    users: new Map(NAMES.map((name, i) => [name, user(name, i)])),
    groups: new Map(NAMES.map((name, i) => [name, { id: i, name, members: 0, permissions: new Set(['b:m:y', 'a:m:x']) }])),
    catalogue: NAMES.map((model) => ({ appLabel: 'app', model, codename: `view_${model}`, name: `Can view ${model}`, groups: 0, users: 0 })),
    activeSuperusers: [],
  };
}

describe('exportDocument', () => {
  it('lists users, groups, models and their items in code-unit order', () => {
    expect([...NAMES].sort()).toEqual(SORTED);
    const document = exportDocument(state());
    expect(Object.keys(document.users!)).toEqual(SORTED);
    expect(Object.keys(document.groups!)).toEqual(SORTED);
    expect(Object.keys(document.permissions!.app!)).toEqual(SORTED);
    expect(document.users!.zed).toMatchObject({ groups: ['editors', 'writers'], permissions: [] });
    expect(document.groups!.bob).toEqual(['a:m:x', 'b:m:y']);
  });
});
