import { describe, expect, it } from 'vitest';
import { desiredFromEdits, type Edit } from '../../src/domain/edits.js';
import { equivalentCommands } from '../../src/domain/equivalent-commands.js';
import { InvalidInput } from '../../src/domain/errors.js';
import { parsePermissionRefs } from '../../src/domain/permission-ref.js';
import type { Change } from '../../src/domain/plan/changes.js';
import { computePlan } from '../../src/domain/plan/compute.js';
import type { CatalogueEntry, CurrentState } from '../../src/domain/plan/current-state.js';
import type { DesiredState } from '../../src/domain/plan/desired-state.js';

// Pure: the plan engine's decisions without a database (the database tests prove the reads and writes).

const perm = (key: string): CatalogueEntry => {
  const [appLabel = '', model = '', codename = ''] = key.split(':');
  return { appLabel, model, codename, name: codename, groups: 0, users: 0 };
};

/** A small current state: myapp.thing with Django's four permissions, group editors (add), user groucho in editors. */
function current(): CurrentState {
  return {
    catalogue: ['myapp:thing:add_thing', 'myapp:thing:change_thing', 'myapp:thing:delete_thing', 'myapp:thing:view_thing'].map(perm),
    groups: new Map([['editors', { id: 1, name: 'editors', members: 1, permissions: new Set(['myapp:thing:add_thing']) }]]),
    users: new Map([
      [
        'groucho',
        {
          id: 1,
          username: 'groucho',
          email: 'groucho@example.com',
          isStaff: false,
          isSuperuser: false,
          isActive: true,
          usablePassword: true,
          groups: new Set(['editors']),
          permissions: new Set<string>(),
        },
      ],
    ]),
    activeSuperusers: ['root'],
  };
}

const desired = (part: Partial<DesiredState>): DesiredState => ({ permissions: [], groups: [], users: [], ...part });
const refs = (...keys: string[]) => parsePermissionRefs(keys);

describe('computePlan', () => {
  it.each<[string, DesiredState, Change[]]>([
    ['a group as it is: nothing', desired({ groups: [{ name: 'editors', present: true, permissions: { exact: refs('myapp:Thing:add_thing') } }] }), []],
    [
      'a new group with a permission',
      desired({ groups: [{ name: 'viewers', present: true, permissions: { exact: refs('myapp:thing:view_thing') } }] }),
      [
        { type: 'group', action: 'create', group: 'viewers' },
        { type: 'group_permission', action: 'add', group: 'viewers', permission: 'myapp:thing:view_thing' },
      ],
    ],
    [
      'exact permissions replace the list',
      desired({ groups: [{ name: 'editors', present: true, permissions: { exact: refs('myapp:thing:change_thing') } }] }),
      [
        { type: 'group_permission', action: 'add', group: 'editors', permission: 'myapp:thing:change_thing' },
        { type: 'group_permission', action: 'remove', group: 'editors', permission: 'myapp:thing:add_thing' },
      ],
    ],
    [
      'staff on, group list exact',
      desired({
        users: [{ username: 'groucho', email: 'GROUCHO@example.com', present: true, isStaff: true, isSuperuser: false, groups: { exact: [] }, missingGroups: 'warn' }],
      }),
      [
        { type: 'user', action: 'update', username: 'groucho', field: 'is_staff', from: false, to: true },
        { type: 'user_group', action: 'remove', username: 'groucho', group: 'editors' },
      ],
    ],
  ])('%s', (_title, wanted, changes) => {
    expect(computePlan(current(), wanted).changes).toEqual(expect.arrayContaining(changes));
    expect(computePlan(current(), wanted).changes).toHaveLength(changes.length);
  });

  it.each<[string, DesiredState, RegExp]>([
    ['an unknown permission', desired({ groups: [{ name: 'g', present: true, permissions: { exact: refs('myapp:thing:fly_thing') } }] }), /fly_thing/],
    ["an email that is not the user's", desired({ users: [{ username: 'groucho', email: 'other@example.com', present: true }] }), /other@example\.com/],
    ['a group name over 150 characters', desired({ groups: [{ name: 'x'.repeat(151), present: true }] }), /longer than 150/],
  ])('refuses %s, naming it', (_title, wanted, message) => {
    expect(() => computePlan(current(), wanted)).toThrow(InvalidInput);
    expect(() => computePlan(current(), wanted)).toThrow(message);
  });
});

describe('console edits -> desired state -> plan and equivalent command lines', () => {
  it('adding a group keeps the others, and the line names them all', () => {
    const state = current();
    state.groups.set('viewers', { id: 2, name: 'viewers', members: 0, permissions: new Set() });
    const plan = computePlan(state, desiredFromEdits([{ kind: 'user.group', username: 'groucho', email: 'groucho@example.com', group: 'viewers', add: true }]));
    expect(plan.changes).toEqual([{ type: 'user_group', action: 'add', username: 'groucho', group: 'viewers' }]);
    expect(equivalentCommands(plan, state)).toEqual([expect.stringMatching(/manage_user groucho groucho@example\.com -g editors viewers/)]);
  });

  it.each<[string, Edit[], Change[], string[]]>([
    [
      'staff on: the line names the whole result',
      [{ kind: 'user.flag', username: 'groucho', email: 'groucho@example.com', field: 'isStaff', value: true }],
      [{ type: 'user', action: 'update', username: 'groucho', field: 'is_staff', from: false, to: true }],
      ['accessctl manage_user groucho groucho@example.com --staff -g editors --yes'],
    ],
    [
      'a group permission added',
      [{ kind: 'group.permission', group: 'editors', permission: 'myapp:thing:view_thing', add: true }],
      [{ type: 'group_permission', action: 'add', group: 'editors', permission: 'myapp:thing:view_thing' }],
      ['accessctl manage_group editors -p myapp:thing:add_thing myapp:thing:view_thing --yes'],
    ],
  ])('%s', (_title, edits, changes, lines) => {
    const state = current();
    const plan = computePlan(state, desiredFromEdits(edits));
    expect(plan.changes).toEqual(changes);
    expect(equivalentCommands(plan, state)).toEqual(lines);
  });
});
