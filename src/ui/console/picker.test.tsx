import { render } from 'ink-testing-library';
import React from 'react';
import { describe, expect, it } from 'vitest';
import { KEY } from '../../../test/support/console.js';
import { Picker } from './picker.js';
import { TextField } from './text-field.js';

const wait = (ms = 30) => new Promise((r) => setTimeout(r, ms));
const ITEMS = ['admins', 'editors', 'viewers'].map((name) => ({ label: name, value: name }));
const load = async (filter: string) => ITEMS.filter((item) => item.value.includes(filter));

describe('Picker', () => {
  it('filters as you type, picks the first match with Enter, and closes with Esc', async () => {
    const picked: string[] = [];
    let cancelled = 0;
    const ui = render(<Picker title="groups" load={load} height={10} onPick={(v) => picked.push(v)} onCancel={() => cancelled++} />);
    await wait();
    expect(ui.lastFrame()).toContain('admins');
    // Typed and submitted at once: the pick follows the text, whatever the list showed meanwhile.
    ui.stdin.write('e');
    ui.stdin.write('w');
    ui.stdin.write(KEY.enter);
    await wait();
    expect(picked).toEqual(['viewers']);
    expect(ui.lastFrame()).not.toContain('admins');
    ui.stdin.write(KEY.escape);
    await wait();
    expect(cancelled).toBe(1);
  });

  it('moves into the list with ↓, where j/k move and Enter picks', async () => {
    const picked: string[] = [];
    const ui = render(<Picker title="groups" load={load} height={10} onPick={(v) => picked.push(v)} onCancel={() => undefined} />);
    await wait();
    for (const key of [KEY.down, 'j', 'j', 'k', KEY.enter]) ui.stdin.write(key), await wait();
    expect(picked).toEqual(['editors']);
  });

  it('takes a paste whole, and a paste ending in Enter picks the exact item', async () => {
    const picked: string[] = [];
    const ui = render(<Picker title="groups" load={load} height={10} onPick={(v) => picked.push(v)} onCancel={() => undefined} />);
    await wait();
    ui.stdin.write('editors\r');
    await wait(60);
    expect(picked).toEqual(['editors']);
  });
});

describe('TextField', () => {
  it('takes typing, backspace, a whole paste, and submits on Enter', async () => {
    const submitted: string[] = [];
    const ui = render(<TextField label="name: " onSubmit={(v) => submitted.push(v)} onCancel={() => undefined} />);
    for (const key of ['a', 'b', KEY.backspace, 'pasted text']) ui.stdin.write(key), await wait();
    expect(ui.lastFrame()).toContain('name: apasted text');
    ui.stdin.write(KEY.enter);
    await wait();
    expect(submitted).toEqual(['apasted text']);
    ui.stdin.write('more\r');
    await wait();
    expect(submitted).toEqual(['apasted text', 'apasted textmore']);
  });
});
