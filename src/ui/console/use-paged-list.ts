import React from 'react';
import type { PageRequest } from '../../domain/read-models.js';
import type { KeyPress } from './keys/key.js';

/**
 * A list of any length (100,000 users) read a slice at a time, by keyset pagination: the rows
 * around the cursor are held, and a move past them reads what it needs from the nearest held edge
 * (or the list's end, for G). The state is a reducer's, so that keys arriving together each move
 * from where the previous one left the cursor, even while a read is under way.
 */
export interface PagedState<T> {
  rows: T[];
  /** Index in the whole list of rows[0]. */
  first: number;
  /** Index in the whole list of the row under the cursor (may be beyond `rows` while they load). */
  cursor: number;
  /** Index of the first row on screen. */
  top: number;
  total: number | undefined;
  /** A read for the cursor is under way. */
  reading: boolean;
  /** The last read failed (keys do not wait for rows that will not come). */
  failed: boolean;
}

export type PagedAction<T> =
  | { type: 'reset' }
  | { type: 'loaded'; rows: T[]; first: number; total: number }
  | { type: 'more'; rows: T[]; at: 'end' | 'start' }
  | { type: 'failed' }
  | { type: 'move'; by: number; height: number }
  | { type: 'to'; index: number; height: number }
  | { type: 'read' };

/** Rows held beyond the screen, each side: enough for a page either way without a read. */
const KEEP = 200;

export const initialPaged = <T>(): PagedState<T> => ({ rows: [], first: 0, cursor: 0, top: 0, total: undefined, reading: true, failed: false });

function follow<T>(state: PagedState<T>, cursor: number, height: number): PagedState<T> {
  const last = Math.max(0, (state.total ?? 0) - 1);
  const c = Math.max(0, Math.min(cursor, last));
  const top = c < state.top ? c : c >= state.top + height ? c - height + 1 : state.top;
  return { ...state, cursor: c, top: Math.max(0, Math.min(top, Math.max(0, last - height + 1))) };
}

export function pagedReducer<T>(state: PagedState<T>, action: PagedAction<T>): PagedState<T> {
  switch (action.type) {
    case 'reset':
      return initialPaged<T>();
    case 'loaded': {
      const cursor = Math.max(0, Math.min(state.cursor, action.total - 1));
      return { ...state, rows: action.rows, first: action.first, total: action.total, cursor, reading: false, failed: false };
    }
    case 'more': {
      if (action.rows.length === 0) {
        // The list ended sooner than counted (rows removed meanwhile): stop at what is held.
        const end = state.first + state.rows.length;
        return { ...state, total: action.at === 'end' ? end : state.total, cursor: Math.max(state.first, Math.min(state.cursor, end - 1)), reading: false };
      }
      const joined = action.at === 'end' ? [...state.rows, ...action.rows] : [...action.rows, ...state.rows];
      let first = action.at === 'end' ? state.first : state.first - action.rows.length;
      // Keep a bounded slice around the cursor.
      const from = Math.max(0, state.cursor - first - KEEP);
      const to = Math.min(joined.length, state.cursor - first + KEEP * 2);
      first += from;
      return { ...state, rows: joined.slice(from, to), first, reading: false };
    }
    case 'failed':
      return { ...state, reading: false, failed: true, cursor: Math.max(state.first, Math.min(state.cursor, state.first + state.rows.length - 1)) };
    case 'move':
      return follow(state, state.cursor + action.by, action.height);
    case 'to':
      return follow(state, action.index, action.height);
    case 'read':
      return { ...state, reading: true, failed: false };
  }
}

/** The list's keys: arrows and j/k, PgUp/PgDn, g/G and Home/End. True when the key was one of them. */
export function pagedKey<T>(key: KeyPress, dispatch: React.Dispatch<PagedAction<T>>, height: number): boolean {
  if (key.name === 'down' || key.input === 'j') dispatch({ type: 'move', by: 1, height });
  else if (key.name === 'up' || key.input === 'k') dispatch({ type: 'move', by: -1, height });
  else if (key.name === 'pagedown' || key.input === '^d') dispatch({ type: 'move', by: height, height });
  else if (key.name === 'pageup') dispatch({ type: 'move', by: -height, height });
  else if (key.input === 'g' || key.name === 'home') dispatch({ type: 'to', index: 0, height });
  else if (key.input === 'G' || key.name === 'end') dispatch({ type: 'to', index: Number.MAX_SAFE_INTEGER, height });
  else return false;
  return true;
}

export interface PagedSource<T> {
  fetch(request: PageRequest): Promise<T[]>;
  count(): Promise<number>;
  keyOf(row: T): string;
}

/**
 * Holds a paged list for `source`; `query` names what the list is (filter, sort…): when it changes
 * the list starts again at the top. Reads follow the cursor; errors go to `onError`.
 */
export function usePagedList<T>(source: PagedSource<T>, query: string, height: number, onError: (error: Error) => void) {
  const [state, dispatch] = React.useReducer(pagedReducer<T>, undefined, initialPaged<T>);
  const page = Math.max(1, height);
  // Read by the reads when they start and end: a new page height or handler does not start the list again.
  const latest = React.useRef({ source, onError, page });
  React.useLayoutEffect(() => {
    latest.current = { source, onError, page };
  });
  // The query the rows held are for: a read for one since replaced is dropped.
  const current = React.useRef({ live: false });

  // A new query: the first page and the count.
  React.useEffect(() => {
    const mine = { live: true };
    current.current = mine;
    const { source: src, page: rows } = latest.current;
    dispatch({ type: 'reset' });
    Promise.all([src.fetch({ limit: rows + KEEP }), src.count()]).then(
      ([rows, total]) => mine.live && dispatch({ type: 'loaded', rows, first: 0, total }),
      (error: Error) => {
        if (!mine.live) return;
        dispatch({ type: 'failed' });
        latest.current.onError(error);
      },
    );
    return () => {
      mine.live = false;
    };
  }, [query]);

  // The cursor left the rows held: read towards it.
  const end = state.first + state.rows.length;
  const outside = state.total !== undefined && state.total > 0 && (state.cursor < state.first || state.cursor >= end);
  const { reading, cursor, first, rows, total } = state;
  React.useEffect(() => {
    if (!outside || reading || total === undefined) return;
    const mine = current.current;
    const src = latest.current.source;
    dispatch({ type: 'read' });
    let request: Promise<{ rows: T[]; at: 'end' | 'start' } | { rows: T[]; first: number }>;
    if (cursor >= end && cursor - end > KEEP * 2) {
      // Far ahead (G, End): the last rows of the list.
      const limit = Math.min(total, total - cursor + page + KEEP);
      request = src.fetch({ limit, last: true }).then((rows) => ({ rows, first: total - rows.length }));
    } else if (cursor < first && cursor < KEEP * 2) {
      request = src.fetch({ limit: cursor + page + KEEP }).then((rows) => ({ rows, first: 0 }));
    } else if (cursor >= end) {
      const after = rows.length ? src.keyOf(rows[rows.length - 1]!) : undefined;
      request = src.fetch({ limit: cursor - end + 1 + KEEP, after }).then((rows) => ({ rows, at: 'end' as const }));
    } else {
      const before = src.keyOf(rows[0]!);
      request = src.fetch({ limit: first - cursor + KEEP, before }).then((rows) => ({ rows, at: 'start' as const }));
    }
    request.then(
      (result) => {
        if (!mine.live) return;
        if ('first' in result) dispatch({ type: 'loaded', rows: result.rows, first: result.first, total });
        else dispatch({ type: 'more', rows: result.rows, at: result.at });
      },
      (error: Error) => {
        if (!mine.live) return;
        dispatch({ type: 'failed' });
        latest.current.onError(error);
      },
    );
  }, [outside, reading, cursor, first, rows, total, end, page]);

  const visible: (T | undefined)[] = [];
  const shownCount = Math.min(page, Math.max(0, (state.total ?? 0) - state.top));
  for (let i = 0; i < shownCount; i++) visible.push(state.rows[state.top + i - state.first]);
  const selected = state.rows[state.cursor - state.first];
  return { state, dispatch, visible, selected, page, loading: state.total === undefined };
}
