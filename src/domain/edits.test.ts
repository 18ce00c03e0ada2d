import { describe, expect, it } from 'vitest';
import { droppedEdits, setEdit, type Edit } from './edits.js';

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
