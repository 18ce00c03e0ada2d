import React from 'react';
import { describe, expect, it } from 'vitest';
import { KEY, renderKeyed } from '../../../test/support/console.js';
import { Picker, type PickerItem, type PickerPage, type PickerWindow } from './picker.js';
import { TextField } from './text-field.js';

const ITEMS = ['admins', 'editors', 'viewers'].map((name) => ({ label: name, value: name }));
/** A window of the matches, as the database's windows are. */
const windowOf = (items: PickerItem[], { offset, limit }: PickerWindow): PickerPage => ({ items: items.slice(offset, offset + limit), total: items.length });
const load = async (filter: string, window: PickerWindow) =>
  windowOf(
    ITEMS.filter((item) => item.value.includes(filter)),
    window,
  );

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

describe('Picker over many matches', () => {
  const MANY = Array.from({ length: 5000 }, (_, i) => `perm${String(i).padStart(4, '0')}`).map((name) => ({ label: name, value: name }));

  it('reads only a window around what it shows; PgDn, G and End reach the end of the matches, and Enter picks what is highlighted', async () => {
    const reads: PickerWindow[] = [];
    const picked: string[][] = [];
    const p = renderKeyed(
      <Picker
        title="permissions"
        load={async (filter, window) => (
          reads.push(window),
          windowOf(
            MANY.filter((item) => item.value.includes(filter)),
            window,
          )
        )}
        height={12}
        onPick={(v) => picked.push(v)}
        onCancel={() => undefined}
      />,
    );
    await p.waitFor('5000 found');
    expect(p.frame()).toMatch(/❯\s+perm0000/);
    await p.press(KEY.pageDown, KEY.pageDown);
    await p.waitFor(/❯\s+perm0014/);
    // In the list, G goes to the last match (read on the way), g back to the first.
    await p.press(KEY.down, 'G');
    await p.waitFor(/❯\s+perm4999/);
    expect(p.frame()).toMatch(/perm4995[\s\S]*perm4999/);
    await p.press(KEY.up, KEY.enter);
    expect(picked).toEqual([['perm4998']]);
    await p.press('g');
    await p.waitFor(/❯\s+perm0000/);
    await p.press(KEY.end, ' ', KEY.home, ' ', KEY.enter);
    expect(picked.at(-1)).toEqual(['perm4999', 'perm0000']);
    // Never the whole list: windows of a few pages.
    expect(Math.max(...reads.map((r) => r.limit))).toBeLessThanOrEqual(30);
  });

  it('a key typed while a read is under way does not wait for reads that later keys made obsolete', async () => {
    const reads: string[] = [];
    let release: () => void = () => undefined;
    const p = renderKeyed(
      <Picker
        title="permissions"
        load={async (filter, window) => {
          reads.push(filter);
          // The first read is slow: the keys typed meanwhile each change the filter.
          if (reads.length === 1) await new Promise<void>((resolve) => (release = resolve));
          return windowOf(
            MANY.filter((item) => item.value.includes(filter)),
            window,
          );
        }}
        height={12}
        onPick={() => undefined}
        onCancel={() => undefined}
      />,
    );
    await p.waitFor('reading…');
    await p.press('1', '2', '3');
    await p.waitFor('filter: 123');
    release();
    // perm0123, perm1123 … perm4123, and perm1230 … perm1239.
    await p.waitFor(' 15 found');
    expect(p.frame()).toMatch(/❯\s+perm0123/);
    expect(reads).toEqual(['', '123']);
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
