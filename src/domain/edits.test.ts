import { describe, expect, it } from 'vitest';
import { describeEdit, desiredFromEdits, droppedEdits, setEdit, type Edit } from './edits.js';

const staff = (value: boolean): Edit => ({ kind: 'user.flag', username: 'groucho', email: 'g@example.com', field: 'isStaff', value });
const join = (group: string, add = true): Edit => ({ kind: 'user.group', username: 'groucho', email: 'g@example.com', group, add });

describe('setEdit: pending edits are intended final values', () => {
  it.each<[string, [Edit, boolean | undefined][], Edit[]]>([
    ['a new value is kept', [[staff(true), false]], [staff(true)]],
    [
      'setting it back to the stored value drops the edit',
      [
        [staff(true), false],
        [staff(false), false],
      ],
      [],
    ],
    [
      'setting it again replaces the edit and moves it last',
      [
        [staff(true), undefined],
        [join('editors'), false],
        [staff(true), undefined],
      ],
      [join('editors'), staff(true)],
    ],
    [
      'a membership toggled back is gone',
      [
        [join('editors'), false],
        [join('editors', false), false],
      ],
      [],
    ],
    [
      'removing a user pending creation drops everything about them',
      [
        [{ kind: 'user.create', username: 'groucho', email: 'g@example.com' }, undefined],
        [join('editors'), false],
        [{ kind: 'user.remove', username: 'groucho', email: 'g@example.com' }, undefined],
      ],
      [],
    ],
    ['a rename to the same name is no edit', [[{ kind: 'group.rename', group: 'ops', to: 'ops' }, undefined]], []],
  ])('%s', (_, steps, expected) => {
    expect(steps.reduce<Edit[]>((edits, [edit, stored]) => setEdit(edits, edit, stored), [])).toEqual(expected);
  });

  it('marks the edits of a user pending removal as dropped', () => {
    const edits = [staff(true), { kind: 'user.remove', username: 'groucho', email: 'g@example.com' } as Edit];
    expect([...droppedEdits(edits)]).toEqual([staff(true)]);
  });
});

describe('a new user’s details and a new permission, as edits', () => {
  const create: Edit = { kind: 'user.create', username: 'zeppo', email: 'z@example.com' };
  const field = (f: 'email' | 'firstName' | 'lastName', value: string): Edit => ({ kind: 'user.field', username: 'zeppo', email: 'z@example.com', field: f, value });

  it('email, first and last name go into the desired user; setting one back to what it was drops its edit', () => {
    let edits = setEdit([], create);
    edits = setEdit(edits, field('email', 'zeppo@marx.example'), 'z@example.com');
    edits = setEdit(edits, field('firstName', 'Zeppo'), '');
    edits = setEdit(edits, field('lastName', 'Marx'), '');
    expect(desiredFromEdits(edits).users).toEqual([
      expect.objectContaining({ username: 'zeppo', email: 'zeppo@marx.example', firstName: 'Zeppo', lastName: 'Marx', present: true }),
    ]);
    edits = setEdit(edits, field('email', 'z@example.com'), 'z@example.com');
    edits = setEdit(edits, field('lastName', ''), '');
    expect(edits).toEqual([create, field('firstName', 'Zeppo')]);
    expect(describeEdit(field('firstName', 'Zeppo'))).toBe('zeppo: first_name -> "Zeppo"');
  });

  it('a new permission is a desired permission with its name', () => {
    const edits = setEdit([], { kind: 'permission.create', permission: 'myapp:thing:publish_thing', name: 'Can publish thing' });
    expect(desiredFromEdits(edits).permissions).toEqual([
      { ref: expect.objectContaining({ appLabel: 'myapp', model: 'thing', codename: 'publish_thing' }), present: true, name: 'Can publish thing' },
    ]);
    expect(describeEdit(edits[0]!)).toBe('create permission myapp:thing:publish_thing "Can publish thing"');
  });
});
