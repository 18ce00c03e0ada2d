/** Where a command writes: a sink plus styles, like Django's OutputWrapper. */
export type Style = 'SUCCESS' | 'WARNING' | 'ERROR' | 'NOTICE' | 'ADD' | 'CHANGE' | 'REMOVE' | 'BOLD';

const CODES: Record<Style, [number, number]> = {
  SUCCESS: [32, 39],
  WARNING: [33, 39],
  ERROR: [31, 39],
  NOTICE: [36, 39],
  ADD: [32, 39],
  CHANGE: [33, 39],
  REMOVE: [31, 39],
  BOLD: [1, 22],
};

export interface Sink {
  write(chunk: string): unknown;
  isTTY?: boolean;
  /** The terminal's width, when it is one. */
  columns?: number;
  /** The process's own stream this sink writes to unchanged, when it does (a child process may then have it). */
  readonly stream?: NodeJS.WriteStream;
}

/**
 * Defence in depth: whatever a command writes, no character reaches the terminal that could move the
 * cursor, retitle the window, rewrite a line or reorder text. Line feeds and tabs stay, and so do the
 * colour codes this wrapper itself writes (ESC [ 1/22/31–39 m); anything else unsafe becomes \uXXXX,
 * which also keeps a JSON document valid and equal in meaning.
 */
const UNSAFE_OUTPUT =
  /\u001b\[(?:1|22|3[1-9])m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function neutralize(text: string): string {
  return text.replace(UNSAFE_OUTPUT, (match) => (match.length > 1 ? match : `\\u${match.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

export class OutputWrapper {
  constructor(
    readonly sink: Sink,
    readonly color: boolean,
  ) {}

  /** Writes text, adding a line ending unless it already ends with one or `ending` says otherwise. */
  write(text = '', style?: Style, ending = '\n'): void {
    const safe = neutralize(text);
    const body = style ? this.style(safe, style) : safe;
    this.sink.write(ending && !safe.endsWith(ending) ? body + ending : body);
  }

  /**
   * Data written as it is (an export piped to a file must round-trip); neutralized on a terminal,
   * where it is read rather than stored.
   */
  writeData(text: string): void {
    this.sink.write(this.sink.isTTY ? neutralize(text) : text);
  }

  style(text: string, style: Style): string {
    if (!this.color) return text;
    const [open, close] = CODES[style];
    return `\u001b[${open}m${text}\u001b[${close}m`;
  }
}

/** Colour only on a terminal, never with --no-color or NO_COLOR (https://no-color.org: any non-empty value). */
export function wantsColor(sink: Sink, noColorFlag: boolean, env: NodeJS.ProcessEnv): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return Boolean(sink.isTTY);
}

/** A sink that keeps what is written: for callCommand and tests. */
export class StringSink implements Sink {
  text = '';
  isTTY = false;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}
