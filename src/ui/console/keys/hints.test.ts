import { describe, expect, it } from 'vitest';
import { GLOBAL_KEYS, SCREEN_KEYS } from './catalog.js';
import { fitHints } from './hints.js';
import { splitAltKey, splitRun, keyOfChar } from './key.js';

describe('fitHints', () => {
  it.each([40, 60, 80, 120, 200])('at %i columns fits, and always shows "? keys" and "q quit"', (width) => {
    for (const kind of Object.keys(SCREEN_KEYS) as (keyof typeof SCREEN_KEYS)[]) {
      const line = fitHints([...SCREEN_KEYS[kind], ...GLOBAL_KEYS], width);
      expect(line).toContain('? keys');
      expect(line).toContain('q quit');
      if (width >= 40) expect(line.length).toBeLessThanOrEqual(width);
    }
  });

  it('keeps the catalogue order and drops the least important first', () => {
    const line = fitHints([...SCREEN_KEYS.users, ...GLOBAL_KEYS], 80);
    expect(line.indexOf('enter open')).toBeLessThan(line.indexOf('? keys'));
    expect(line).not.toContain('PgUp/PgDn');
    expect(fitHints([...SCREEN_KEYS.users, ...GLOBAL_KEYS], 400)).toContain('PgUp/PgDn page');
  });
});

describe('splitting a chunk into keys', () => {
  it.each([
    ['jjjj', [{ input: 'j' }, { input: 'j' }, { input: 'j' }, { input: 'j' }]],
    ['\t\t', [{ name: 'tab' }, { name: 'tab' }]],
    ['a\rb', [{ input: 'a' }, { name: 'return' }, { input: 'b' }]],
    ['\u0015x', [{ input: '^u', ctrl: true }, { input: 'x' }]],
    [' G\u007f', [{ input: ' ', name: 'space' }, { input: 'G', shift: true }, { name: 'backspace' }]],
  ])('%j', (chunk, expected) => {
    expect(splitRun(chunk)).toEqual(expected.map((e) => ({ ...keyOfChar('x'), input: '', ...e })));
  });
});

describe('Esc and a key read together as Alt+key', () => {
  it('are the two keys typed; a named key with Alt, or Ctrl, stays one key', () => {
    const alt = (input: string) => ({ ...keyOfChar(input), meta: true });
    expect(splitAltKey(alt('S'))).toEqual([{ ...keyOfChar('x'), input: '', name: 'escape' }, keyOfChar('S')]);
    const altUp = { ...keyOfChar('x'), input: '', name: 'up' as const, meta: true };
    expect(splitAltKey(altUp)).toEqual([altUp]);
    expect(splitAltKey(keyOfChar('j'))).toEqual([keyOfChar('j')]);
  });
});
