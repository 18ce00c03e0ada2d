import { printable } from '../../domain/text.js';

/**
 * The console's screen: the terminal's alternate screen, entered once and left once, whoever draws
 * first (the splash, or Ink).
 */
let entered = false;

export function enterConsoleScreen(out: NodeJS.WritableStream): void {
  if (entered) return;
  entered = true;
  out.write('\u001b[?1049h\u001b[H');
}

export function leaveConsoleScreen(out: NodeJS.WritableStream): void {
  if (!entered) return;
  entered = false;
  out.write('\u001b[?1049l');
}

/** What the first screen says while the database opens. */
export const consoleOpening = (server: boolean): string => (server ? 'connecting to the database server…' : 'opening the embedded database…');

/**
 * The console's first screen, drawn before Ink and React are loaded (a fifth of a second) so that the
 * screen is never blank: the same text as the Opening screen Ink draws over it (run.tsx), with the
 * cursor left home for Ink's first frame.
 */
export function showSplash(out: NodeJS.WritableStream, opening: string, color: boolean): void {
  enterConsoleScreen(out);
  out.write(`${style(color, '1', 'accessctl')}\u001b[K\r\n${style(color, '2', printable(opening))}\u001b[K\u001b[H`);
}

/**
 * A line under the opening text while the database opens ("Waiting for … in use by process N"):
 * written where Ink's Opening screen leaves the row empty, with the cursor put back where Ink keeps
 * it; Ink's next frame clears it.
 */
export function showSplashLine(out: NodeJS.WritableStream, text: string, color: boolean): void {
  out.write(`\u001b7\u001b[4;1H${style(color, '2', printable(text, 400))}\u001b[K\u001b8`);
}

const style = (color: boolean, sgr: string, text: string) => (color ? `\u001b[${sgr}m${text}\u001b[22m` : text);
