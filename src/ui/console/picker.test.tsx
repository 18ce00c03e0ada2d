import React from 'react';
import { describe, expect, it } from 'vitest';
import { KEY, renderKeyed } from '../../../test/support/console.js';
import { Picker } from './picker.js';
import { TextField } from './text-field.js';

const ITEMS = ['admins', 'editors', 'viewers'].map((name) => ({ label: name, value: name }));
const load = async (filter: string) => ITEMS.filter((item) => item.value.includes(filter));

function picker() {
  const picked: string[][] = [];
  let cancelled = 0;
  const t = renderKeyed(<Picker title="groups" load={load} height={10} onPick={(v) => picked.push(v)} onCancel={() => cancelled++} />);
  return { ...t, picked, cancelled: () => cancelled };
}

describe('Picker', () => {
  it('filters as you type; Enter typed at once picks what the filter highlights once it is read; Esc closes', async () => {
    const p = picker();
    await p.waitFor('admins');
    // One chunk: the pick waits for the items of "ew", and takes the one highlighted then.
    await p.chunk('ew\r', 2);
    await p.waitFor(/❯\s+viewers/);
    expect(p.picked).toEqual([['viewers']]);
    await p.press(KEY.escape);
    expect(p.cancelled()).toBe(1);
  });

  it('↓ moves the highlight from the first item to the second, and Enter picks the highlighted one', async () => {
    const p = picker();
    await p.waitFor('viewers');
    expect(p.frame()).toMatch(/❯\s+admins/);
    await p.press(KEY.down);
    expect(p.frame()).toMatch(/❯\s+editors/);
    await p.press('j', 'j', 'k');
    expect(p.frame()).toMatch(/❯\s+editors/);
    await p.press(KEY.enter);
    expect(p.picked).toEqual([['editors']]);
  });

  it('selects several with space (a count shown) and picks them all with Enter', async () => {
    const p = picker();
    await p.waitFor('viewers');
    await p.press(KEY.down, ' ', 'j', ' ');
    expect(p.frame()).toContain('2 selected');
    await p.press(KEY.enter);
    expect(p.picked).toEqual([['editors', 'viewers']]);
  });

  it('takes a paste whole, and a paste ending in Enter picks the exact item', async () => {
    const p = picker();
    await p.waitFor('viewers');
    await p.chunk('editors\r', 2);
    await p.waitFor(/❯\s+editors/);
    expect(p.picked).toEqual([['editors']]);
  });

  it('keeps the highlight on the exact match when the filter is typed whole', async () => {
    const p = picker();
    await p.waitFor('viewers');
    await p.chunk('s', 1);
    await p.waitFor('3 found');
    await p.press(KEY.enter);
    expect(p.picked).toEqual([['admins']]);
  });
});

describe('TextField', () => {
  it('takes typing, backspace, a whole paste, and submits on Enter', async () => {
    const submitted: string[] = [];
    const t = renderKeyed(<TextField label="name: " onSubmit={(v) => submitted.push(v)} onCancel={() => undefined} />);
    await t.waitFor('name:');
    await t.press('a', 'b', KEY.backspace);
    await t.chunk('pasted text', 1);
    expect(t.frame()).toContain('name: apasted text');
    await t.press(KEY.enter);
    expect(submitted).toEqual(['apasted text']);
    await t.chunk('more\r', 2);
    expect(submitted).toEqual(['apasted text', 'apasted textmore']);
  });

  it('shows a control character typed or pasted as an escape, never raw', async () => {
    const t = renderKeyed(<TextField label="name: " onSubmit={() => undefined} onCancel={() => undefined} />);
    await t.waitFor('name:');
    await t.chunk('ops\u001b]2;PWNED\u0007', 1);
    expect(t.frame()).not.toContain('\u0007');
  });
});
