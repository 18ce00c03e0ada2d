/**
 * Values that came from a database or a user, made safe to print on a terminal. A name may hold
 * control characters, escape sequences, newlines or bidi overrides: printed raw they would retitle
 * the terminal, forge a plan line or reorder what a reviewer reads. Every layer that prints a value
 * passes it through here first.
 */

/** Longest slice of a value echoed in a message: a 50 MB key must not become 100 MB of stderr. */
export const MAX_SHOWN = 200;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

// C0, DEL, C1 (U+009B is a one-byte CSI), line/paragraph separators, bidi embeddings, overrides and isolates,
// zero-width marks, the BOM, and lone surrogates. Matching control characters is the point here.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const hex = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Cuts a value to `max` characters (code points), saying how much was left out. */
export function bounded(value: string, max = MAX_SHOWN): string {
  if (value.length <= max) return value;
  const head = Array.from(value.slice(0, max * 2))
    .slice(0, max)
    .join('');
  if (head.length >= value.length) return value;
  return `${head}…(${value.length - head.length} more characters)`;
}

/** The value with every unsafe character written as an escape (\n, \e, \u202e …), cut to `max`. */
export function printable(value: unknown, max = MAX_SHOWN): string {
  return bounded(String(value), max).replace(UNSAFE, (char) => NAMED[char] ?? hex(char));
}

/** A value in double quotes, escaped and bounded: for messages that name a bad value. */
export function quoted(value: unknown, max = MAX_SHOWN): string {
  return `"${printable(
    String(value).replace(/[\\"]/g, (c) => `\\${c}`),
    max,
  )}"`;
}

/** True when the value holds a character `printable` would escape (refused in new names). */
export function hasUnsafeCharacters(value: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(value);
  UNSAFE.lastIndex = 0;
  return found;
}

/** "1 group", "2 groups": a count with its noun. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
