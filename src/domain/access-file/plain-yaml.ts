import type { InputPath } from '../errors.js';

/**
 * A fast reader for the plain YAML that access files are written in: block mappings and lists,
 * one-line flow collections (`[a, b]`, `{unusable: true}`), plain and quoted one-line scalars,
 * comments. The full YAML reader (the yaml package) keeps a node with its range for every value
 * and needs ~0.3 s for a 1,000-user file and ~20 s for 100,000 users; this one reads the same
 * files in milliseconds.
 *
 * It gives exactly the value the full reader gives, or `undefined` when the text uses anything
 * else (anchors, tags, block scalars, multi-line scalars or flow collections, numbers, tabs, …):
 * the caller then reads it with the full reader, which also reports syntax errors. Keys given
 * twice are kept as the full reader keeps them (the last one wins) and reported with their offset.
 */
export interface PlainYaml {
  value: unknown;
  duplicates: { path: InputPath; offset: number }[];
  /** With `positions`: the offset locate() reports for a path, as the full reader's nodes give it. */
  offsetOf?: (path: InputPath | undefined, atKey?: boolean) => number;
}

/** Thrown (once made) when the text leaves the subset: the caller falls back to the full reader. */
class OutsideSubset extends Error {}
const OUTSIDE = new OutsideSubset('outside the plain YAML subset');

// Characters a whole text must not hold for this reader: tabs (indentation rules), C1 controls,
// YAML 1.1 line breaks, byte-order marks and non-characters, a CR outside CRLF.
const UNSUPPORTED_TEXT = /[\t\u0080-\u009f\u2028\u2029\ufeff\ufffe\uffff]|\r(?!\n)/;

// The core schema's implicit types (yaml's schema/core and schema/common), for plain scalars.
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const TRUE = /^(?:[Tt]rue|TRUE)$/;
const FALSE = /^(?:[Ff]alse|FALSE)$/;
const NUMBER =
  /^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/;
// Characters that may start a plain scalar only in forms this reader leaves to the full one.
const NOT_PLAIN_FIRST = new Set('-?:,[]{}#&*!|>\'"%@`'.split('').map((c) => c.charCodeAt(0)));
// Implicit keys longer than this are an error for YAML readers.
const MAX_KEY = 1024;

const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Offsets of a container's entries: a mapping's [key, value] by key, a list's items. */
type Offsets = Map<string, [number, number, unknown]> | number[];

function resolvePlain(text: string): unknown {
  // The booleans access files are full of, without three regular expressions each.
  if (text === 'true') return true;
  if (text === 'false') return false;
  const first = text.charCodeAt(0);
  // Only these can start a null, a boolean or a number.
  if ((first >= 0x30 && first <= 0x39) || '~nNtTfF+-.'.includes(text[0]!)) {
    if (NULL.test(text)) return null;
    if (TRUE.test(text)) return true;
    if (FALSE.test(text)) return false;
    if (NUMBER.test(text)) throw OUTSIDE;
  }
  return text;
}

/** Without trailing spaces: YAML's only white space here (trimEnd would also drop U+00A0 and others). */
function trimSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === SPACE) end--;
  return end === text.length ? text : text.slice(0, end);
}

function setEntry(map: Record<string, unknown>, key: string, value: unknown): void {
  // As the yaml package does: a key an object has already (`__proto__`, `toString`) becomes an own property.
  if (key in map) Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  else map[key] = value;
}

class Reader {
  /** The current line: where its content starts, where it ends, its indentation, where the next starts. */
  private content = 0;
  private end = 0;
  private indent = -1;
  private next = 0;
  private done = false;
  /** Where the last key read ended (its colon). */
  private after = 0;
  private readonly path: InputPath = [];
  private readonly values = new Map<string, string>();
  /** The items of the block lists being read, innermost last. */
  private readonly items: unknown[] = [];
  readonly duplicates: PlainYaml['duplicates'] = [];
  readonly offsets = new WeakMap<object, Offsets>();
  rootOffset = 0;

  constructor(
    private readonly text: string,
    private readonly positions: boolean,
  ) {}

  read(): unknown {
    this.seek(0);
    if (!this.done && this.indent === 0 && this.text.startsWith('---', this.content) && this.isMarkerAt(this.content)) {
      const rest = this.skipSpaces(this.content + 3);
      if (rest !== this.end && this.text.charCodeAt(rest) !== HASH) throw OUTSIDE;
      this.seek(this.next);
    }
    // An empty document is located where the full reader puts its empty node: left to it.
    if (this.done) throw OUTSIDE;
    this.rootOffset = this.content;
    const value = this.blockNode(-1);
    if (!this.done) throw OUTSIDE;
    return value;
  }

  /** Moves to the first line from `from` that holds more than spaces and a comment. */
  private seek(from: number): void {
    const text = this.text;
    let start = from;
    while (start < text.length) {
      let newline = text.indexOf('\n', start);
      if (newline === -1) newline = text.length;
      const end = newline > start && text.charCodeAt(newline - 1) === 0x0d ? newline - 1 : newline;
      let i = start;
      while (i < end && text.charCodeAt(i) === SPACE) i++;
      if (i < end && text.charCodeAt(i) !== HASH) {
        this.content = i;
        this.end = end;
        this.indent = i - start;
        this.next = newline + 1;
        // A document marker after the first line: a second document, or an end the full reader checks.
        // A document end, or a start after the first line (a second document): left to the full reader.
        if (this.indent === 0 && (text.startsWith('...', i) || (text.startsWith('---', i) && from !== 0)) && this.isMarkerAt(i)) throw OUTSIDE;
        if (text.charCodeAt(i) === 0x25 /* % */ && this.indent === 0) throw OUTSIDE;
        return;
      }
      start = newline + 1;
    }
    this.done = true;
    this.indent = -1;
  }

  private isMarkerAt(i: number): boolean {
    const after = this.text.charCodeAt(i + 3);
    return i + 3 >= this.end || after === SPACE;
  }

  private skipSpaces(i: number): number {
    while (i < this.end && this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  private isDash(i: number): boolean {
    return this.text.charCodeAt(i) === DASH && (i + 1 === this.end || this.text.charCodeAt(i + 1) === SPACE);
  }

  /** The node on the current line, indented more than its parent. */
  private blockNode(parentIndent: number): unknown {
    const first = this.text.charCodeAt(this.content);
    if (this.isDash(this.content)) return this.blockList(this.indent);
    if (first === 0x5b || first === 0x7b) {
      const [value, after] = this.flowNode(this.content);
      this.endOfLine(after);
      this.seek(this.next);
      if (!this.done && this.indent > parentIndent) throw OUTSIDE;
      return value;
    }
    return this.blockMap(this.indent);
  }

  private blockMap(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    const offsets = this.positions ? new Map<string, [number, number, unknown]>() : undefined;
    if (offsets) this.offsets.set(map, offsets);
    while (!this.done && this.indent === indent) {
      const keyAt = this.content;
      const key = this.key(keyAt);
      const valueAt = this.skipSpaces(this.after + 1);
      // One lookup for the usual new key: only a key the object has already needs more care.
      const known = key in map;
      const duplicate = known && this.checkDuplicate(map, key, keyAt);
      let value: unknown;
      this.path.push(key);
      if (valueAt === this.end || this.text.charCodeAt(valueAt) === HASH) {
        this.seek(this.next);
        if (!this.done && this.indent > indent) value = this.blockNode(indent);
        else if (!this.done && this.indent === indent && this.isDash(this.content)) value = this.blockList(indent);
        else value = null;
      } else {
        value = this.inlineValue(valueAt);
        this.seek(this.next);
        if (!this.done && this.indent > indent) throw OUTSIDE;
      }
      this.path.pop();
      if (!duplicate) offsets?.set(key, [keyAt, valueAt, value]);
      if (known) setEntry(map, key, value);
      else map[key] = value;
    }
    if (!this.done && this.indent > indent) throw OUTSIDE;
    return map;
  }

  /** Records a key given twice in one mapping (in document order, as the full reader walks it). */
  private checkDuplicate(map: Record<string, unknown>, key: string, offset: number): boolean {
    // `in` first: one lookup for the usual new key; inherited names (`toString`) are not given twice.
    if (!(key in map) || !Object.prototype.hasOwnProperty.call(map, key)) return false;
    this.duplicates.push({ path: [...this.path, key], offset });
    return true;
  }

  private blockList(indent: number): unknown[] {
    // Items are gathered on a stack shared by every list, and the list made at its size: a list
    // grown by push keeps room for 17 items, and at 100,000 users that room is tens of MB the
    // garbage collector copies.
    const list = this.items;
    const first = list.length;
    const offsets: number[] | undefined = this.positions ? [] : undefined;
    while (!this.done && this.indent === indent && this.isDash(this.content)) {
      const valueAt = this.skipSpaces(this.content + 1);
      this.path.push(list.length - first);
      let item: unknown;
      if (valueAt === this.end || this.text.charCodeAt(valueAt) === HASH) {
        this.seek(this.next);
        if (!this.done && this.indent > indent) {
          offsets?.push(this.content);
          item = this.blockNode(indent);
        } else {
          offsets?.push(valueAt);
          item = null;
        }
      } else {
        offsets?.push(valueAt);
        item = this.shared(this.inlineValue(valueAt));
        this.seek(this.next);
        if (!this.done && this.indent > indent) throw OUTSIDE;
      }
      this.path.pop();
      list.push(item);
    }
    const made = list.slice(first);
    list.length = first;
    if (offsets) this.offsets.set(made, offsets);
    return made;
  }

  /**
   * One string object for the list items given again and again (group names, permissions): the
   * garbage collector then copies 200 strings instead of 300,000 at 100,000 users.
   */
  private shared<T>(value: T): T {
    if (typeof value !== 'string' || value.length > 64) return value;
    const seen = this.values.get(value);
    if (seen !== undefined) return seen as T;
    if (this.values.size >= 4096) this.values.clear();
    this.values.set(value, value);
    return value;
  }

  /** A block mapping's key at `i`: its text; `after` is left at its colon (no tuple per key: 800,000 at 100,000 users). */
  private key(i: number): string {
    const text = this.text;
    const first = text.charCodeAt(i);
    let key: string;
    let j: number;
    if (first === 0x22 || first === 0x27) {
      [key, j] = first === 0x22 ? this.doubleQuoted(i) : this.singleQuoted(i);
      j = this.skipSpaces(j);
      if (text.charCodeAt(j) !== COLON) throw OUTSIDE;
    } else {
      if (NOT_PLAIN_FIRST.has(first)) throw OUTSIDE;
      j = i;
      for (;;) {
        j = text.indexOf(':', j + 1);
        if (j === -1 || j >= this.end) throw OUTSIDE;
        if (j + 1 === this.end || text.charCodeAt(j + 1) === SPACE) break;
      }
      const raw = text.slice(i, j);
      if (raw.includes(' #')) throw OUTSIDE;
      key = trimSpaces(raw);
      if (key === '<<' || resolvePlain(key) !== key) throw OUTSIDE;
    }
    if (j - i > MAX_KEY) throw OUTSIDE;
    if (j + 1 !== this.end && text.charCodeAt(j + 1) !== SPACE) throw OUTSIDE;
    this.after = j;
    return key;
  }

  /** A value that starts at `i` and ends the line (a comment may follow). */
  private inlineValue(i: number): unknown {
    const text = this.text;
    const first = text.charCodeAt(i);
    let value: unknown;
    let after: number;
    if (first === 0x22) [value, after] = this.doubleQuoted(i);
    else if (first === 0x27) [value, after] = this.singleQuoted(i);
    else if (first === 0x5b || first === 0x7b) [value, after] = this.flowNode(i);
    else {
      if (NOT_PLAIN_FIRST.has(first)) throw OUTSIDE;
      const line = text.slice(i, this.end);
      const comment = line.indexOf(' #');
      const plain = trimSpaces(comment === -1 ? line : line.slice(0, comment));
      // `a: b: c` and `- a: b` are mappings (or errors), not scalars.
      if (plain.endsWith(':') || plain.includes(': ')) throw OUTSIDE;
      return resolvePlain(plain);
    }
    this.endOfLine(after);
    return value;
  }

  /** Only spaces and a comment may follow a value on its line. */
  private endOfLine(i: number): void {
    const rest = this.skipSpaces(i);
    if (rest !== this.end && !(this.text.charCodeAt(rest) === HASH && rest > i)) throw OUTSIDE;
  }

  /** A one-line flow collection or scalar at `i`: the value and the offset after it. */
  private flowNode(i: number, inKey = false): [unknown, number] {
    const text = this.text;
    const first = text.charCodeAt(i);
    if (first === 0x22) return this.doubleQuoted(i);
    if (first === 0x27) return this.singleQuoted(i);
    if (first === 0x5b) {
      const list: unknown[] = [];
      const offsets: number[] | undefined = this.positions ? [] : undefined;
      if (offsets) this.offsets.set(list, offsets);
      let j = this.skipSpaces(i + 1);
      if (text.charCodeAt(j) === 0x5d) return [list, j + 1];
      for (;;) {
        offsets?.push(j);
        this.path.push(list.length);
        const [item, after] = this.flowNode(j);
        this.path.pop();
        list.push(this.shared(item));
        j = this.skipSpaces(after);
        const c = text.charCodeAt(j);
        if (c === 0x5d) return [list, j + 1];
        if (c !== 0x2c || j >= this.end) throw OUTSIDE;
        j = this.skipSpaces(j + 1);
        if (text.charCodeAt(j) === 0x5d) throw OUTSIDE;
      }
    }
    if (first === 0x7b) {
      const map: Record<string, unknown> = {};
      const offsets = this.positions ? new Map<string, [number, number, unknown]>() : undefined;
      if (offsets) this.offsets.set(map, offsets);
      let j = this.skipSpaces(i + 1);
      if (text.charCodeAt(j) === 0x7d) return [map, j + 1];
      for (;;) {
        const keyAt = j;
        const [key, afterKey] = this.flowNode(j, true);
        if (typeof key !== 'string' || text.charCodeAt(keyAt) === 0x5b || text.charCodeAt(keyAt) === 0x7b) throw OUTSIDE;
        const colon = this.skipSpaces(afterKey);
        const quotedKey = text.charCodeAt(keyAt) === 0x22 || text.charCodeAt(keyAt) === 0x27;
        if (text.charCodeAt(colon) !== COLON || (!quotedKey && text.charCodeAt(colon + 1) !== SPACE)) throw OUTSIDE;
        const valueAt = this.skipSpaces(colon + 1);
        const c = text.charCodeAt(valueAt);
        if (valueAt >= this.end || c === 0x2c || c === 0x7d || c === 0x5d) throw OUTSIDE;
        const duplicate = this.checkDuplicate(map, key, keyAt);
        this.path.push(key);
        const [value, after] = this.flowNode(valueAt);
        this.path.pop();
        if (!duplicate) offsets?.set(key, [keyAt, valueAt, value]);
        setEntry(map, key, value);
        j = this.skipSpaces(after);
        const next = text.charCodeAt(j);
        if (next === 0x7d) return [map, j + 1];
        if (next !== 0x2c || j >= this.end) throw OUTSIDE;
        j = this.skipSpaces(j + 1);
        if (text.charCodeAt(j) === 0x7d) throw OUTSIDE;
      }
    }
    // A plain scalar inside a flow collection ends at `,`, `]` or `}`, a key at `: `. A colon
    // inside one (`myapp:thing:add_thing`) is kept; `#` and other uses of `:` are left to the full reader.
    if (NOT_PLAIN_FIRST.has(first) || i >= this.end) throw OUTSIDE;
    let j = i;
    for (; j < this.end; j++) {
      const c = text.charCodeAt(j);
      if (c === 0x2c || c === 0x5d || c === 0x7d) break;
      if (c === HASH || c === 0x5b || c === 0x7b) throw OUTSIDE;
      if (c === COLON) {
        const after = text.charCodeAt(j + 1);
        if (j + 1 < this.end && after !== SPACE && after !== 0x2c && after !== 0x5b && after !== 0x5d && after !== 0x7b && after !== 0x7d) continue;
        if (inKey && after === SPACE) break;
        throw OUTSIDE;
      }
    }
    if (j === this.end) throw OUTSIDE;
    return [resolvePlain(trimSpaces(text.slice(i, j))), j];
  }

  private singleQuoted(i: number): [string, number] {
    const text = this.text;
    let out = '';
    let from = i + 1;
    for (;;) {
      const quote = text.indexOf("'", from);
      if (quote === -1 || quote >= this.end) throw OUTSIDE;
      out += text.slice(from, quote);
      if (text.charCodeAt(quote + 1) !== 0x27 || quote + 1 >= this.end) return [out, quote + 1];
      out += "'";
      from = quote + 2;
    }
  }

  private doubleQuoted(i: number): [string, number] {
    const text = this.text;
    let out = '';
    let from = i + 1;
    for (let j = from; ; j++) {
      if (j >= this.end) throw OUTSIDE;
      const c = text.charCodeAt(j);
      if (c === 0x22) return [out + text.slice(from, j), j + 1];
      if (c !== 0x5c) continue;
      out += text.slice(from, j);
      const escape = text[j + 1];
      if (escape === undefined || j + 1 >= this.end) throw OUTSIDE;
      const simple = SIMPLE_ESCAPES[escape];
      const digits = HEX_ESCAPES[escape];
      if (simple !== undefined) {
        out += simple;
        j += 1;
      } else if (digits !== undefined) {
        const hex = text.slice(j + 2, j + 2 + digits);
        if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex) || j + 2 + digits > this.end) throw OUTSIDE;
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) throw OUTSIDE;
        out += String.fromCodePoint(code);
        j += 1 + digits;
      } else throw OUTSIDE;
      from = j + 1;
    }
  }
}

/** The plain-YAML value of `text`, or undefined when the text needs the full YAML reader. */
export function readPlainYaml(text: string, options: { positions?: boolean } = {}): PlainYaml | undefined {
  if (UNSUPPORTED_TEXT.test(text)) return undefined;
  const reader = new Reader(text, options.positions ?? false);
  let value: unknown;
  try {
    value = reader.read();
  } catch (error) {
    if (error === OUTSIDE) return undefined;
    throw error;
  }
  const result: PlainYaml = { value, duplicates: reader.duplicates };
  if (options.positions) result.offsetOf = (path, atKey) => offsetOf(reader, value, path, atKey);
  return result;
}

/** As the full reader locates a path: a scalar at itself, an entity (a mapping or list) at its name. */
function offsetOf(reader: Reader, root: unknown, path: InputPath | undefined, atKey = false): number {
  const last = (path?.length ?? 0) - 1;
  let node = root;
  let offset = reader.rootOffset;
  for (const [i, part] of (path ?? []).entries()) {
    const offsets = typeof node === 'object' && node !== null ? reader.offsets.get(node) : undefined;
    if (offsets instanceof Map) {
      const entry = offsets.get(String(part));
      if (!entry) break;
      // The first entry of a key given twice, as the full reader finds it.
      const value = entry[2];
      const scalar = typeof value !== 'object' || value === null;
      offset = scalar && !(atKey && i === last) ? entry[1] : entry[0];
      node = value;
    } else if (Array.isArray(offsets) && typeof part === 'number') {
      const at = offsets[part];
      if (at === undefined) break;
      offset = at;
      node = (node as unknown[])[part];
    } else break;
  }
  return offset;
}
