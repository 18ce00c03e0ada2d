import { useInput } from 'ink';
import React from 'react';
import type { PageRequest } from '../../domain/read-models.js';

/**
 * A window of `height` rows over a table of any size, read a page at a time by key (keyset
 * pagination), never the whole table. Scrolling past an edge reads one row more; PgUp/PgDn a page.
 */
export function usePaged<T>(options: {
  fetch: (request: PageRequest) => Promise<T[]>;
  count: (filter?: string) => Promise<number>;
  keyOf: (row: T) => string;
  height: number;
  filter: string;
  isActive: boolean;
  reload: unknown;
}) {
  const { fetch, count, keyOf, filter, isActive, reload } = options;
  const height = Math.max(1, options.height);
  const [rows, setRows] = React.useState<T[]>([]);
  const [cursor, setCursor] = React.useState(0);
  const [position, setPosition] = React.useState(0);
  const [total, setTotal] = React.useState<number>();
  const [loading, setLoading] = React.useState(true);
  const busy = React.useRef(false);
  const latest = React.useRef(0);

  React.useEffect(() => {
    const request = ++latest.current;
    setLoading(true);
    Promise.all([fetch({ filter: filter || undefined, limit: height }), count(filter || undefined)]).then(([page, n]) => {
      if (request !== latest.current) return;
      setRows(page);
      setTotal(n);
      setCursor(0);
      setPosition(0);
      setLoading(false);
    });
  }, [filter, height, reload]);

  const move = async (delta: number) => {
    if (busy.current || rows.length === 0) return;
    const target = cursor + delta;
    if (target >= 0 && target < rows.length) {
      setCursor(target);
      setPosition((p) => p + delta);
      return;
    }
    busy.current = true;
    try {
      const forward = delta > 0;
      const step = Math.min(Math.abs(delta), height);
      const edge = keyOf(forward ? rows[rows.length - 1] : rows[0]);
      const more = await fetch({ filter: filter || undefined, limit: step, ...(forward ? { after: edge } : { before: edge }) });
      if (more.length === 0) {
        setPosition((p) => p + (forward ? rows.length - 1 - cursor : -cursor));
        setCursor(forward ? rows.length - 1 : 0);
        return;
      }
      const merged = forward ? [...rows, ...more].slice(-height) : [...more, ...rows].slice(0, height);
      setRows(merged);
      setCursor(forward ? merged.length - 1 : 0);
      setPosition((p) => p + (forward ? rows.length - 1 - cursor + more.length : -cursor - more.length));
    } finally {
      busy.current = false;
    }
  };

  useInput(
    (input, key) => {
      if (key.downArrow || input === 'j') void move(1);
      else if (key.upArrow || input === 'k') void move(-1);
      else if (key.pageDown) void move(height);
      else if (key.pageUp) void move(-height);
    },
    { isActive },
  );

  return { rows, cursor, selected: rows[cursor] as T | undefined, position, total, loading };
}
