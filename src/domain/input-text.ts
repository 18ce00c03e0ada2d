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
  if (b < 0x80) return 1;
  const cont = (k: number) => i + k < bytes.length && (bytes[i + k] & 0xc0) === 0x80;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const second = bytes[i + 1];
    // E0 needs A0..BF (no overlong forms); ED needs 80..9F (no surrogates).
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f)) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const second = bytes[i + 1];
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
  for (let i = 0; i < bytes.length; ) {
    const length = sequenceLength(bytes, i);
    if (length === 0) return { ok: false, line, column, byte: bytes[i] };
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
