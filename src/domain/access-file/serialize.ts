import { stringify } from 'yaml';
import type { AccessFileOut } from './document.js';

/**
 * An access document as file text. YAML is written here, not by the yaml package (~3 s for 100,000
 * users): block mappings and lists with two-space indents, as the yaml package lays them out, each
 * string plain when it reads back as the same string and double-quoted otherwise. The output is
 * what the plain YAML reader reads, so that applying an export is fast too.
 */
export function serializeAccessDocument(document: AccessFileOut, format: 'yaml' | 'json'): string {
  return [...accessDocumentChunks(document, format)].join('');
}

/** Flushed at about this many characters: the text of 100,000 users is never one string. */
const CHUNK = 1 << 16;

/**
 * The same text in pieces: YAML in about 64 kB each, for a writer to stream (at 100,000 users the
 * whole text, ~20 MB, and the lines it is joined from would otherwise be held at once).
 */
export function* accessDocumentChunks(document: AccessFileOut, format: 'yaml' | 'json'): Generator<string> {
  // V8's JSON.stringify makes the whole text faster than any writer of pieces (~0.1 s for 100,000 users).
  if (format === 'json') yield `${JSON.stringify(document, null, 2)}\n`;
  // A name too long for an implicit key: the yaml package writes it as an explicit one.
  else if (!fitsLayout(document)) yield stringify(document, { lineWidth: 0 });
  else yield* new YamlWriter().document(document as unknown as Record<string, unknown>);
}

/** Whether every key fits the plain layout (an implicit key is at most 1024 characters). */
function fitsLayout(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) return true;
  for (const name of Object.keys(value)) {
    if (name.length > MAX_KEY_SOURCE && scalar(name).length > MAX_KEY) return false;
    if (!fitsLayout((value as Record<string, unknown>)[name])) return false;
  }
  return true;
}

const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/** The keys written: as the yaml package does, none whose value is undefined. */
const definedKeys = (value: Record<string, unknown>) => Object.keys(value).filter((name) => value[name] !== undefined);
const INDENTS = Array.from({ length: 64 }, (_, i) => ' '.repeat(i));
const indentOf = (columns: number) => INDENTS[columns] ?? ' '.repeat(columns);

/** Block mappings and lists, two spaces per level, handed out in chunks. */
class YamlWriter {
  private parts: string[] = [];
  private size = 0;
  // Group names, permission keys and field names come back thousands of times.
  private readonly known = new Map<string, string>();

  /** The top-level mapping, one entry of each section at a time: the sections are where the size is. */
  *document(document: Record<string, unknown>): Generator<string> {
    const sections = definedKeys(document);
    if (!sections.length) this.push('{}\n');
    for (const section of sections) {
      const value = document[section];
      if (!isMapping(value) || !definedKeys(value).length) this.entry(section, value, '');
      else {
        this.push(`${scalar(section)}:\n`);
        for (const name of definedKeys(value)) {
          this.entry(name, value[name], '  ');
          if (this.size >= CHUNK) yield this.take();
        }
      }
    }
    yield this.take();
  }

  private push(text: string): void {
    this.parts.push(text);
    this.size += text.length;
  }

  private take(): string {
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    return chunk;
  }

  private text(value: string): string {
    let text = this.known.get(value);
    if (text === undefined) {
      text = scalar(value);
      if (this.known.size >= 10_000) this.known.clear();
      this.known.set(value, text);
    }
    return text;
  }

  /** One `name: value` entry at `indent`; the names below the sections' own are mostly the same few. */
  private entry(name: string, value: unknown, indent: string): void {
    const key = indent.length > 2 ? this.text(name) : scalar(name);
    if (Array.isArray(value)) {
      if (!value.length) return this.push(`${indent}${key}: []\n`);
      this.push(`${indent}${key}:\n`);
      for (const item of value) this.push(`${indent}  - ${typeof item === 'string' ? this.text(item) : scalar(item)}\n`);
    } else if (isMapping(value)) {
      const names = definedKeys(value);
      if (!names.length) return this.push(`${indent}${key}: {}\n`);
      this.push(`${indent}${key}:\n`);
      for (const name of names) this.entry(name, value[name], indentOf(indent.length + 2));
    } else this.push(`${indent}${key}: ${scalar(value)}\n`);
  }
}

// A plain scalar must not start with an indicator or a space, hold `: ` or ` #`, end in a space
// or colon, or hold characters YAML escapes (controls, C1, line separators, BOM, surrogates).
const NOT_PLAIN = /^[-?:,[\]{}#&*!|>'"%@` ]|^\.\.\.|: | #|[ :]$|[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/;
// Strings a YAML reader takes for something else: a merge key, null, booleans (YAML 1.1's yes/no/on/off too), numbers.
const NOT_A_STRING =
  /^(?:<<|~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|[YyNn]|[Yy]es|YES|[Nn]o|NO|[Oo]n|ON|[Oo]ff|OFF|[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|0b[01_]+|[-+]?0[0-7_]+)$/;
// Left raw by JSON.stringify, escaped for YAML: DEL, C1, line separators, BOM and non-characters.
const YAML_ESCAPED = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;
const MAX_KEY = 1000;
// A name this long or shorter cannot be written longer than MAX_KEY (an escape is at most 6 characters).
const MAX_KEY_SOURCE = Math.floor(MAX_KEY / 6);

function scalar(value: unknown): string {
  if (typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') throw new TypeError(`an access file holds strings and booleans, not ${typeof value}`);
  if (value !== '' && !NOT_PLAIN.test(value) && !NOT_A_STRING.test(value)) return value;
  // JSON's escapes are YAML's (\" \\ \/ \b \f \n \r \t \uXXXX; lone surrogates as \uXXXX).
  return JSON.stringify(value).replace(YAML_ESCAPED, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
