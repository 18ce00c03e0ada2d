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
}

export class OutputWrapper {
  constructor(
    readonly sink: Sink,
    readonly color: boolean,
  ) {}

  /** Writes text, adding a line ending unless it already ends with one or `ending` says otherwise. */
  write(text = '', style?: Style, ending = '\n'): void {
    const body = style ? this.style(text, style) : text;
    this.sink.write(ending && !text.endsWith(ending) ? body + ending : body);
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
