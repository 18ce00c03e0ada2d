import { render } from 'ink-testing-library';
import React from 'react';
import { describe, expect, it } from 'vitest';
import { KEY } from '../../../test/support/console.js';
import { Picker } from './picker.js';
import { TextField } from './text-field.js';

const wait = (ms = 30) => new Promise((r) => setTimeout(r, ms));
/** Until the condition holds (the items load asynchronously; a busy machine is slower). */
async function until(condition: () => boolean, timeout = 3000) {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await wait(10);
  }
}
const ITEMS = ['admins', 'editors', 'viewers'].map((name) => ({ label: name, value: name }));
const load = async (filter: string) => ITEMS.filter((item) => item.value.includes(filter));

describe('Picker', () => {
  it('filters as you type, picks the first match with Enter, and closes with Esc', async () => {
    const picked: string[] = [];
    let cancelled = 0;
    const ui = render(<Picker title="groups" load={load} height={10} onPick={(v) => picked.push(v)} onCancel={() => cancelled++} />);
    await until(() => Boolean(ui.lastFrame()?.includes('admins')));
    // Typed and submitted at once: the pick follows the text, whatever the list showed meanwhile.
    ui.stdin.write('e');
    ui.stdin.write('w');
    ui.stdin.write(KEY.enter);
    await until(() => picked.length > 0);
    expect(picked).toEqual(['viewers']);
    await until(() => !ui.lastFrame()?.includes('admins'));
    ui.stdin.write(KEY.escape);
    await until(() => cancelled > 0);
    expect(cancelled).toBe(1);
  });

  it('moves into the list with ↓, where j/k move and Enter picks', async () => {
    const picked: string[] = [];
    const ui = render(<Picker title="groups" load={load} height={10} onPick={(v) => picked.push(v)} onCancel={() => undefined} />);
    await until(() => Boolean(ui.lastFrame()?.includes('viewers')));
    await wait(50);
    ui.stdin.write(KEY.down);
    // The list takes the keys once it shows it has them.
    await until(() => Boolean(ui.lastFrame()?.includes('/ filter')));
    await wait(50);
    for (const [key, selected] of [['j', 'editors'], ['j', 'viewers'], ['k', 'editors']] as const) {
      ui.stdin.write(key);
      await until(() => Boolean(ui.lastFrame()?.includes(`❯ ${selected}`)));
      await wait(30);
    }
    ui.stdin.write(KEY.enter);
    await until(() => picked.length > 0);
    expect(picked).toEqual(['editors']);
  });

  it('takes a paste whole, and a paste ending in Enter picks the exact item', async () => {
    const picked: string[] = [];
    const ui = render(<Picker title="groups" load={load} height={10} onPick={(v) => picked.push(v)} onCancel={() => undefined} />);
    await wait();
    ui.stdin.write('editors\r');
    await until(() => picked.length > 0);
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
