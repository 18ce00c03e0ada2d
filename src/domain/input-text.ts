/**
 * Text as it arrives from a user (file bytes, arguments, standard input), checked before anything
 * is planned: invalid UTF-8 or a lone surrogate would be written as U+FFFD (a name nobody typed),
 * and NUL is refused by PostgreSQL only after the plan was shown.
 */

export type DecodedText = { ok: true; text: string } | { ok: false; line: number; column: number; byte: number };

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Length of the valid UTF-8 sequence at `i`, or 0 when the bytes there are not valid UTF-8. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  if (b === undefined) return 0;
  if (b < 0x80) return 1;
  const cont = (k: number) => i + k < bytes.length && ((bytes[i + k] ?? 0) & 0xc0) === 0x80;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    // A missing second byte (the text ends) is invalid either way.
    const second = bytes[i + 1] ?? 0;
    // E0 needs A0..BF (no overlong forms); ED needs 80..9F (no surrogates).
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f)) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const second = bytes[i + 1] ?? 0;
    if ((b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** The bytes as UTF-8 text, or the line:column (in characters, 1-based) of the first invalid byte. */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    // Only on the failure path: find where, in one pass.
  }
  let line = 1;
  let column = 1;
  for (let i = 0; i < bytes.length;) {
    const length = sequenceLength(bytes, i);
    if (length === 0) return { ok: false, line, column, byte: bytes[i] ?? 0 };
    if (bytes[i] === 0x0a) {
      line++;
      column = 1;
    } else column++;
    i += length;
  }
  return { ok: true, text: decoder.decode(bytes) };
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a text value cannot be stored as given (NUL, lone surrogate, U+FFFD from bad bytes), or undefined. */
export function encodingProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'contains a NUL character (\\u0000), which PostgreSQL cannot store';
  const surrogate = LONE_SURROGATE.exec(value);
  if (surrogate) return `contains a lone surrogate (\\u${surrogate[0].charCodeAt(0).toString(16)}), which is not valid Unicode`;
  if (value.includes('\ufffd')) return 'contains U+FFFD, the mark of text that was not valid UTF-8';
  return undefined;
}

/** line:column (1-based, in UTF-16 units) of an offset in a text. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

// C0 controls but tab, newline and CR, and DEL: never in a YAML or JSON text, always in a binary file.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Where the text shows it is not a text file (a control character), or undefined. */
export function binaryProblem(text: string): string | undefined {
  const found = CONTROL.exec(text);
  if (!found) return undefined;
  const { line, column } = positionOf(text, found.index);
  const code = found[0].charCodeAt(0).toString(16).padStart(4, '0');
  return `${line}:${column}: control character U+${code.toUpperCase()}: this is not a text file (an access file is YAML or JSON)`;
}

/** Deeper than any access file needs (the deepest is permissions -> app -> model -> codename). */
export const MAX_NESTING = 32;
/** Indentation of a block mapping this deep is far beyond MAX_NESTING levels. */
const MAX_INDENT = 256;

/**
 * Where the text nests deeper than an access file can, or undefined. Checked on the raw text before
 * it is parsed: the YAML reader needs memory in proportion to depth × size (3 MB of nested
 * brackets took 1.9 GB). Flow brackets are counted outside quoted strings and comments; in block
 * context only where a flow collection can start (a value's first character).
 */
export function nestingProblem(text: string, maxDepth = MAX_NESTING): string | undefined {
  // Most files, in block style, have too few brackets to nest that deep (empty lists aside) and no
  // deep indentation: native scans answer for them (10–14 ms of a 1,000-user re-apply, the loop running cold).
  if (atMostOpeners(text, maxDepth) && !DEEP_INDENT.test(text)) return undefined;
  let depth = 0;
  let lineStart = 0;
  let valueStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) {
      lineStart = i + 1;
      valueStart = true;
      let j = lineStart;
      while (text.charCodeAt(j) === SPACE) j++;
      if (j - lineStart > MAX_INDENT && text.charCodeAt(j) !== LF && j < text.length) return tooDeep(text, j, `indented more than ${MAX_INDENT} columns`);
      continue;
    }
    if (c === SPACE || c === TAB || c === CR) continue;
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      i = endOfQuoted(text, i);
      valueStart = false;
      continue;
    }
    if (c === HASH && (i === lineStart || isSpace(text.charCodeAt(i - 1)))) {
      const end = text.indexOf('\n', i);
      i = (end === -1 ? text.length : end) - 1;
      continue;
    }
    if ((c === OPEN_SQUARE || c === OPEN_CURLY) && (depth > 0 || valueStart)) {
      if (++depth > maxDepth) return tooDeep(text, i, `nested more than ${maxDepth} levels`);
      valueStart = true;
      continue;
    }
    if ((c === CLOSE_SQUARE || c === CLOSE_CURLY) && depth > 0) {
      depth--;
      valueStart = false;
      continue;
    }
    if (c === COLON || c === DASH || c === COMMA || c === QUESTION) {
      valueStart = depth > 0 || i + 1 >= text.length || isSpace(text.charCodeAt(i + 1));
      continue;
    }
    // Any other character ends a value's start, and so does the run of them it begins (most of a
    // text): skipped in one step, at 18 MB the difference between 0.3 s and 0.03 s.
    valueStart = false;
    ORDINARY_RUN.lastIndex = i;
    if (ORDINARY_RUN.test(text)) i = ORDINARY_RUN.lastIndex - 1;
  }
  return undefined;
}

const [TAB, LF, CR, SPACE] = [0x09, 0x0a, 0x0d, 0x20];
const [DOUBLE_QUOTE, HASH, SINGLE_QUOTE, COMMA, DASH, COLON, QUESTION, BACKSLASH] = [0x22, 0x23, 0x27, 0x2c, 0x2d, 0x3a, 0x3f, 0x5c];
const [OPEN_SQUARE, CLOSE_SQUARE, OPEN_CURLY, CLOSE_CURLY] = [0x5b, 0x5d, 0x7b, 0x7d];
// A run of characters that only end a value's start (spaces within it change nothing either).
const ORDINARY_RUN = /[^\n"'#[\]{}:,?-]+/y;
const SPACE_CHARACTER = /\s/;
// A line indented more than MAX_INDENT columns before something other than a line break: what the loop reports.
const DEEP_INDENT = new RegExp(`\\n {${MAX_INDENT + 1},}[^ \\n]`);

/**
 * Whether no flow collection in the text can nest deeper than `limit`. Of the brackets open at
 * once, each but the innermost holds the next, so it is not followed at once by a closing bracket:
 * the depth is at most the count of `[` and `{` not so followed (quoted or not), plus one for an
 * empty `[]` or `{}`.
 */
function atMostOpeners(text: string, limit: number): boolean {
  let count = 0;
  let empty = 0;
  for (const opener of ['[', '{']) {
    for (let at = text.indexOf(opener); at !== -1; at = text.indexOf(opener, at + 1)) {
      const next = text.charCodeAt(at + 1);
      if (next === CLOSE_SQUARE || next === CLOSE_CURLY) empty = 1;
      else if (++count + empty > limit) return false;
    }
  }
  return count + empty <= limit;
}
const isSpace = (code: number) => (code < 128 ? code === SPACE || (code >= TAB && code <= CR) : SPACE_CHARACTER.test(String.fromCharCode(code)));

function tooDeep(text: string, offset: number, what: string): string {
  const { line, column } = positionOf(text, offset);
  return `${line}:${column}: ${what}, deeper than an access file needs`;
}

/** Index of the quote that closes the string opened at `start` (or the last index if none does). */
function endOfQuoted(text: string, start: number): number {
  const double = text.charCodeAt(start) === DOUBLE_QUOTE;
  for (let from = start + 1; ;) {
    const end = text.indexOf(double ? '"' : "'", from);
    if (end === -1) return text.length - 1;
    from = end + 1;
    if (double) {
      // Escaped by an odd run of backslashes before it.
      let run = 0;
      while (end - run - 1 > start && text.charCodeAt(end - run - 1) === BACKSLASH) run++;
      if (run % 2 === 0) return end;
    } else if (text.charCodeAt(end + 1) === SINGLE_QUOTE) from = end + 2;
    else return end;
  }
}
