import { describe, expect, it } from 'vitest';
import { changesOfGroup, changesOfUser, editOutcomes } from './edit-status.js';
import type { Edit } from './edits.js';
import type { Plan } from './plan/changes.js';

const plan = (changes: Plan['changes']): Plan => ({ changes, warnings: [], notes: [] });
const staff: Edit = { kind: 'user.flag', username: 'chico', email: 'c@example.com', field: 'isStaff', value: true };
const join: Edit = { kind: 'user.group', username: 'chico', email: 'c@example.com', group: 'viewers', add: true };

describe('editOutcomes: what became of each pending edit in their plan', () => {
  it('an edit the plan carries out is planned; one the database already holds is no change', () => {
    const outcomes = editOutcomes([staff, join], plan([{ type: 'user_group', action: 'add', username: 'chico', group: 'viewers' }]));
    expect([outcomes.get(staff), outcomes.get(join)]).toEqual(['no-change', 'planned']);
  });

  it("a new user's flags and details are part of their creation; edits of a removed user are dropped", () => {
    const create: Edit = { kind: 'user.create', username: 'zeppo', email: 'z@example.com' };
    const flag: Edit = { kind: 'user.flag', username: 'zeppo', email: 'z@example.com', field: 'isStaff', value: true };
    const name: Edit = { kind: 'user.field', username: 'zeppo', email: 'z@example.com', field: 'firstName', value: 'Zeppo' };
    const remove: Edit = { kind: 'user.remove', username: 'chico', email: 'c@example.com' };
    const outcomes = editOutcomes(
      [create, flag, name, staff, remove],
      plan([
        {
          type: 'user',
          action: 'create',
          username: 'zeppo',
          email: 'z@example.com',
          isStaff: true,
          isSuperuser: false,
          isActive: true,
          password: 'random',
          firstName: 'Zeppo',
        },
        { type: 'user', action: 'delete', username: 'chico', email: 'c@example.com' },
      ]),
    );
    expect([create, flag, name, staff, remove].map((e) => outcomes.get(e))).toEqual(['planned', 'in-creation', 'in-creation', 'dropped', 'planned']);
  });

  it('group edits: a grant, a rename and a removal are matched to their changes, a grant already made is no change', () => {
    const grant: Edit = { kind: 'group.permission', group: 'editors', permission: 'myapp:thing:view_thing', add: true };
    const revoke: Edit = { kind: 'group.permission', group: 'editors', permission: 'myapp:thing:add_thing', add: false };
    const rename: Edit = { kind: 'group.rename', group: 'viewers', to: 'readers' };
    const outcomes = editOutcomes(
      [grant, revoke, rename],
      plan([
        { type: 'group_permission', action: 'remove', group: 'editors', permission: 'myapp:thing:add_thing' },
        { type: 'group', action: 'update', group: 'viewers', field: 'name', from: 'viewers', to: 'readers' },
      ]),
    );
    expect([grant, revoke, rename].map((e) => outcomes.get(e))).toEqual(['no-change', 'planned', 'planned']);
  });

  it('counts the changes that concern a user or a group', () => {
    const p = plan([
      { type: 'user', action: 'update', username: 'chico', field: 'is_staff', from: false, to: true },
      { type: 'user_group', action: 'add', username: 'chico', group: 'viewers' },
      { type: 'group_permission', action: 'add', group: 'viewers', permission: 'myapp:thing:add_thing' },
    ]);
    expect([changesOfUser(p, 'chico'), changesOfGroup(p, 'viewers'), changesOfUser(p, 'harpo')]).toEqual([2, 2, 0]);
  });
});
