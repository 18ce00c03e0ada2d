import type { Key as InkKey } from 'ink';

export type KeyName = 'up' | 'down' | 'left' | 'right' | 'pageup' | 'pagedown' | 'home' | 'end' | 'return' | 'escape' | 'tab' | 'backspace' | 'delete' | 'space';

/** One key press, whatever chunk it arrived in. */
export interface KeyPress {
  /**
   * The text typed: one character, or a whole paste when a text field takes it; '' for a named key;
   * `^c` for Ctrl+C (so that no screen mistakes Ctrl+C for `c`).
   */
  input: string;
  name?: KeyName;
  ctrl: boolean;
  shift: boolean;
  meta: boolean;
}

const CONTROL: Record<string, Partial<KeyPress>> = {
  '\t': { name: 'tab' },
  '\r': { name: 'return' },
  '\n': { name: 'return' },
  '\u007f': { name: 'backspace' },
  '\b': { name: 'backspace' },
  '\u001b': { name: 'escape' },
};

/** A key from one character of a chunk of plain text. */
export function keyOfChar(char: string): KeyPress {
  const base: KeyPress = { input: '', ctrl: false, shift: false, meta: false };
  const control = CONTROL[char];
  if (control) return { ...base, ...control };
  const code = char.codePointAt(0) ?? 0;
  if (code >= 1 && code <= 26) return { ...base, input: `^${String.fromCharCode(code + 96)}`, ctrl: true };
  if (char === ' ') return { ...base, input: ' ', name: 'space' };
  return { ...base, input: char, shift: /^[A-Z]$/.test(char) };
}

/** True for a run of plain text (no escape sequence) longer than one character: Ink delivers it as one event. */
export const isPlainRun = (raw: string) => [...raw].length > 1 && !raw.includes('\u001b');

/**
 * Ink hands a chunk of plain text over as one event ("jjjj", three tabs, a paste): these are the
 * keys in it, in order. An escape sequence (an arrow, PgDn) is already one event of its own.
 */
export function splitRun(raw: string): KeyPress[] {
  return [...raw].map(keyOfChar);
}

/** Ink's reading of one event that is a single key (an escape sequence or one character). */
export function keyFromInk(input: string, key: InkKey): KeyPress {
  const name: KeyName | undefined = key.upArrow
    ? 'up'
    : key.downArrow
      ? 'down'
      : key.leftArrow
        ? 'left'
        : key.rightArrow
          ? 'right'
          : key.pageUp
            ? 'pageup'
            : key.pageDown
              ? 'pagedown'
              : key.home
                ? 'home'
                : key.end
                  ? 'end'
                  : key.return
                    ? 'return'
                    : key.escape
                      ? 'escape'
                      : key.tab
                        ? 'tab'
                        : key.backspace || key.delete
                          ? 'backspace'
                          : input === ' '
                            ? 'space'
                            : undefined;
  const named = name !== undefined && name !== 'space';
  const text = named ? '' : key.ctrl ? `^${input}` : input;
  return { input: text, name, ctrl: key.ctrl, shift: key.shift, meta: key.meta && !key.escape };
}

/**
 * Ink reads Esc and the key after it, arriving together (a fast typist, tmux, a slow link), as one
 * Alt+key. The console binds no Alt key: they are the two keys typed.
 */
export function splitAltKey(key: KeyPress): KeyPress[] {
  if (!key.meta || key.ctrl || key.name !== undefined || [...key.input].length !== 1) return [key];
  return [{ ...keyOfChar('\u001b') }, keyOfChar(key.input)];
}

/** A printable run a text field may take whole (a paste): no named key, no ctrl or meta. */
export const isText = (key: KeyPress) => key.input !== '' && !key.ctrl && !key.meta && (key.name === undefined || key.name === 'space');

/** The keys that move a cursor or scroll (arrows, j/k, PgUp/PgDn, ^d, g/G, Home/End). */
export const isMoveKey = (key: KeyPress) =>
  ['up', 'down', 'pageup', 'pagedown', 'home', 'end'].includes(key.name ?? '') || ['j', 'k', 'g', 'G', '^d'].includes(key.input);
