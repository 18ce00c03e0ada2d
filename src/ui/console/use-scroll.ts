import React from 'react';
import type { KeyPress } from './keys/key.js';

/**
 * A cursor over a list already in memory (a detail screen's lines, the help): arrows, j/k,
 * PgUp/PgDn, g/G, Home/End. Keys go through `handle`, which says whether it took the key.
 */
export function useScroll(length: number, height: number, options: { cursor?: boolean; /** g/G are the screen's own keys. */ noLetterJumps?: boolean } = {}) {
  const rows = Math.max(1, height);
  const [cursor, setCursor] = React.useState(0);
  // Without a cursor the view scrolls by its top line; with one, the view follows the cursor.
  const maxCursor = options.cursor ? Math.max(0, length - 1) : Math.max(0, length - rows);
  const clamped = Math.min(cursor, maxCursor);
  const top = options.cursor ? Math.max(0, Math.min(clamped - Math.floor(rows / 2), length - rows)) : clamped;
  const moveTo = (next: number) => setCursor(Math.max(0, Math.min(next, maxCursor)));
  const handle = (key: KeyPress): boolean => {
    const page = rows;
    const base = options.cursor ? clamped : top;
    if (key.name === 'down' || key.input === 'j') moveTo(base + 1);
    else if (key.name === 'up' || key.input === 'k') moveTo(base - 1);
    else if (key.name === 'pagedown' || key.input === '^d') moveTo(base + page);
    else if (key.name === 'pageup') moveTo(base - page);
    else if ((key.input === 'g' && !options.noLetterJumps) || key.name === 'home') moveTo(0);
    else if ((key.input === 'G' && !options.noLetterJumps) || key.name === 'end') moveTo(length);
    else return false;
    return true;
  };
  return { cursor: clamped, start: top, end: Math.min(length, top + rows), handle, setCursor };
}
