import { stringify } from 'yaml';
import type { AccessFileOut } from './document.js';

/**
 * An access document as file text. YAML is written here, not by the yaml package (~3 s for 100,000
 * users): block mappings and lists with two-space indents, as the yaml package lays them out, each
 * string plain when it reads back as the same string and double-quoted otherwise. The output is
 * what the plain YAML reader reads, so that applying an export is fast too.
 */
export function serializeAccessDocument(document: AccessFileOut, format: 'yaml' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(document, null, 2)}\n`;
  const lines: string[] = [];
  try {
    mapping(document as unknown as Record<string, unknown>, '', lines);
  } catch (error) {
    if (!(error instanceof OutsideLayout)) throw error;
    // A name too long for an implicit key: the yaml package writes it as an explicit one.
    return stringify(document, { lineWidth: 0 });
  }
  return lines.length ? `${lines.join('\n')}\n` : '{}\n';
}

class OutsideLayout extends Error {}

// A plain scalar must not start with an indicator or a space, hold `: ` or ` #`, end in a space
// or colon, or hold characters YAML escapes (controls, C1, line separators, BOM, surrogates).
const NOT_PLAIN = /^[-?:,[\]{}#&*!|>'"%@` ]|^\.\.\.|: | #|[ :]$|[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/;
// Strings a YAML reader takes for something else: a merge key, null, booleans (YAML 1.1's yes/no/on/off too), numbers.
const NOT_A_STRING =
  /^(?:<<|~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|[YyNn]|[Yy]es|YES|[Nn]o|NO|[Oo]n|ON|[Oo]ff|OFF|[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|0b[01_]+|[-+]?0[0-7_]+)$/;
// Left raw by JSON.stringify, escaped for YAML: DEL, C1, line separators, BOM and non-characters.
const YAML_ESCAPED = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;
const MAX_KEY = 1000;

function scalar(value: unknown): string {
  if (typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') throw new TypeError(`an access file holds strings and booleans, not ${typeof value}`);
  if (value !== '' && !NOT_PLAIN.test(value) && !NOT_A_STRING.test(value)) return value;
  // JSON's escapes are YAML's (\" \\ \/ \b \f \n \r \t \uXXXX; lone surrogates as \uXXXX).
  return JSON.stringify(value).replace(YAML_ESCAPED, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function key(name: string): string {
  const text = scalar(name);
  if (text.length > MAX_KEY) throw new OutsideLayout();
  return text;
}

function mapping(value: Record<string, unknown>, indent: string, lines: string[]): void {
  for (const name of Object.keys(value)) {
    const entry = value[name];
    if (Array.isArray(entry)) {
      if (!entry.length) lines.push(`${indent}${key(name)}: []`);
      else {
        lines.push(`${indent}${key(name)}:`);
        for (const item of entry) lines.push(`${indent}  - ${scalar(item)}`);
      }
    } else if (typeof entry === 'object' && entry !== null) {
      const inner = entry as Record<string, unknown>;
      if (!Object.keys(inner).length) lines.push(`${indent}${key(name)}: {}`);
      else {
        lines.push(`${indent}${key(name)}:`);
        mapping(inner, `${indent}  `, lines);
      }
    } else lines.push(`${indent}${key(name)}: ${scalar(entry)}`);
  }
}
