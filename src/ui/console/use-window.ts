import { useInput } from 'ink';
import React from 'react';

/** A cursor over a list already in memory, showing only the rows that fit: arrows, j/k, PgUp/PgDn, g/G. */
export function useWindow(length: number, height: number, isActive: boolean) {
  const [cursor, setCursor] = React.useState(0);
  const clamped = Math.max(0, Math.min(cursor, length - 1));
  const rows = Math.max(1, height);
  const offset = Math.max(0, Math.min(clamped - Math.floor(rows / 2), length - rows));
  useInput(
    (input, key) => {
      if (key.downArrow || input === 'j') setCursor(Math.min(clamped + 1, length - 1));
      else if (key.upArrow || input === 'k') setCursor(Math.max(clamped - 1, 0));
      else if (key.pageDown) setCursor(Math.min(clamped + rows, length - 1));
      else if (key.pageUp) setCursor(Math.max(clamped - rows, 0));
      else if (input === 'g') setCursor(0);
      else if (input === 'G') setCursor(length - 1);
    },
    { isActive },
  );
  return { cursor: clamped, offset, visible: { start: offset, end: Math.min(length, offset + rows) }, setCursor };
}
