import { Box, Text } from 'ink';
import React from 'react';
import { printable } from '../../domain/text.js';
import { isText, type KeyPress } from './keys/key.js';
import { HOLD, LAYER, useKeys } from './keys/router.js';

export interface PickerItem {
  label: string;
  value: string;
}

/** Which matches to read: `limit` of them from index `offset`. */
export interface PickerWindow {
  offset: number;
  limit: number;
}

/** The matches of a filter in a window, and how many there are in all. */
export interface PickerPage {
  items: PickerItem[];
  total: number;
}

export interface PickerProps {
  title: string;
  /**
   * Reads a window of the items matching a filter (in the database, as it is typed), the item the
   * filter names exactly first; the picker reads only what it shows, and more as it scrolls.
   */
  load(filter: string, window: PickerWindow): Promise<PickerPage>;
  height: number;
  /** The selected values (space), or the highlighted one. */
  onPick(values: string[]): void;
  onCancel(): void;
  onError?(error: Error): void;
}

/** The window of items held: what was read, for which filter, from which index. */
interface Held extends PickerPage {
  filter: string;
  offset: number;
}

interface State {
  filter: string;
  held: Held | undefined;
  /** The filter whose read failed (keys do not wait for items that will not come). */
  failed: string | undefined;
  /** Index among all the matches of the highlighted item. */
  cursor: number;
  /** Typing goes to the filter; in the list, j/k move and space selects. */
  mode: 'filter' | 'list';
  selected: string[];
}

type Action =
  | { type: 'type'; text: string }
  | { type: 'erase'; all?: boolean }
  | { type: 'loaded'; held: Held }
  | { type: 'failed'; filter: string }
  | { type: 'move'; by: number }
  | { type: 'to'; index: number }
  | { type: 'mode'; mode: State['mode'] }
  | { type: 'toggle' };

const initial: State = { filter: '', held: undefined, failed: undefined, cursor: 0, mode: 'filter', selected: [] };

const itemAt = (held: Held | undefined, index: number) => held?.items[index - held.offset];

function reducer(state: State, action: Action): State {
  switch (action.type) {
    case 'type':
      return { ...state, filter: state.filter + action.text, mode: 'filter' };
    case 'erase':
      return { ...state, filter: action.all ? '' : [...state.filter].slice(0, -1).join(''), mode: 'filter' };
    case 'loaded': {
      // A read for a filter since changed is of no use.
      if (action.held.filter !== state.filter) return state;
      // New matches: the first (the exact match, when there is one) is highlighted; what is highlighted is what Enter picks.
      const cursor = state.held?.filter === action.held.filter ? Math.min(state.cursor, Math.max(0, action.held.total - 1)) : 0;
      return { ...state, held: action.held, cursor, failed: undefined };
    }
    case 'failed':
      return action.filter === state.filter ? { ...state, failed: action.filter } : state;
    case 'move':
      return reducer(state, { type: 'to', index: state.cursor + action.by });
    case 'to':
      return { ...state, cursor: Math.max(0, Math.min(action.index, (state.held?.total ?? 0) - 1)), mode: 'list' };
    case 'mode':
      return { ...state, mode: action.mode };
    case 'toggle': {
      const value = itemAt(state.held, state.cursor)?.value;
      if (value === undefined) return state;
      const selected = state.selected.includes(value) ? state.selected.filter((v) => v !== value) : [...state.selected, value];
      return { ...state, selected };
    }
  }
}

const windowKey = (filter: string, window: PickerWindow) => `${window.offset}:${window.limit}:${filter}`;

/**
 * Reads windows of matches one at a time, and only the latest one asked for: a filter typed key by
 * key does not queue a read per key (a read under way finishes; those asked meanwhile but already
 * obsolete are never made).
 */
function useWindowReader(load: PickerProps['load'], dispatch: React.Dispatch<Action>, onError: PickerProps['onError']) {
  const latest = React.useRef({ load, onError });
  React.useLayoutEffect(() => {
    latest.current = { load, onError };
  });
  const reader = React.useRef({ busy: false, wanted: undefined as { filter: string; window: PickerWindow } | undefined, live: true });
  React.useEffect(() => {
    const state = reader.current;
    state.live = true;
    return () => {
      state.live = false;
    };
  }, []);
  return React.useCallback(
    (filter: string, window: PickerWindow) => {
      const state = reader.current;
      state.wanted = { filter, window };
      const next = (done?: string) => {
        // Asked again for what was just read (moved away and back meanwhile): it is there already.
        if (state.wanted && windowKey(state.wanted.filter, state.wanted.window) === done) state.wanted = undefined;
        const wanted = state.wanted;
        if (state.busy || !wanted || !state.live) return;
        state.busy = true;
        state.wanted = undefined;
        latest.current.load(wanted.filter, wanted.window).then(
          (page) => {
            state.busy = false;
            if (!state.live) return;
            dispatch({ type: 'loaded', held: { ...page, filter: wanted.filter, offset: wanted.window.offset } });
            next(windowKey(wanted.filter, wanted.window));
          },
          (error: Error) => {
            state.busy = false;
            if (!state.live) return;
            dispatch({ type: 'failed', filter: wanted.filter });
            latest.current.onError?.(error);
            next();
          },
        );
      };
      next();
    },
    [dispatch],
  );
}

/**
 * Type to filter (in the database); ↓/↑ move the highlight, space selects several, Enter picks the
 * selected ones or else the highlighted one; Esc closes. The highlighted row is always the one
 * Enter picks, also when Enter comes before the items for the text typed have arrived.
 */
export function Picker({ title, load, height, onPick, onCancel, onError }: PickerProps) {
  const [state, dispatch] = React.useReducer(reducer, initial);
  const read = useWindowReader(load, dispatch, onError);
  const rows = Math.max(1, height - 5);
  const { held, cursor } = state;
  const ready = held?.filter === state.filter;
  const total = held?.total ?? 0;
  const start = Math.max(0, Math.min(cursor - Math.floor(rows / 2), total - rows));
  const end = Math.min(total, start + rows);
  // The rows shown are held, or else a window around them is read (a page either side, for PgUp/PgDn).
  const covered = ready && held.offset <= start && end <= held.offset + held.items.length;
  const wantFrom = covered ? undefined : ready ? Math.max(0, start - rows) : 0;
  const wantCount = rows * 3;
  const { filter } = state;
  // At the commit that changed the filter (not later, in a passive effect): a read finishing meanwhile must not start an obsolete one.
  React.useLayoutEffect(() => {
    if (wantFrom !== undefined) read(filter, { offset: wantFrom, limit: wantCount });
  }, [filter, wantFrom, wantCount, read]);

  const highlighted = ready ? itemAt(held, cursor) : undefined;
  const failed = state.failed === state.filter;
  const pick = () => {
    if (state.selected.length) return onPick(state.selected);
    if (highlighted) onPick([highlighted.value]);
  };

  useKeys(
    (key: KeyPress) => {
      if (key.input === '^c') return false;
      if (key.name === 'escape') return onCancel();
      const move = ['up', 'down', 'pageup', 'pagedown', 'home', 'end'].includes(key.name ?? '') || ['^n', '^p'].includes(key.input);
      const listKey = state.mode === 'list' && ['j', 'k', 'g', 'G'].includes(key.input);
      // Until the matches of the filter typed are read, what is highlighted is not known yet: the keys that act on it wait.
      if (!failed && (!ready || (!highlighted && total > 0)) && (key.name === 'return' || key.name === 'space' || ((move || listKey) && !ready))) return HOLD;
      if (key.name === 'return') return pick();
      if (key.name === 'down' || key.input === '^n') return dispatch({ type: 'move', by: 1 });
      if (key.name === 'up' || key.input === '^p') return dispatch({ type: 'move', by: -1 });
      if (key.name === 'pagedown') return dispatch({ type: 'move', by: rows });
      if (key.name === 'pageup') return dispatch({ type: 'move', by: -rows });
      if (key.name === 'home') return dispatch({ type: 'to', index: 0 });
      if (key.name === 'end') return dispatch({ type: 'to', index: total - 1 });
      if (key.input === '^u') return dispatch({ type: 'erase', all: true });
      if (key.name === 'backspace') return dispatch({ type: 'erase' });
      if (state.mode === 'list') {
        if (key.input === 'j') return dispatch({ type: 'move', by: 1 });
        if (key.input === 'k') return dispatch({ type: 'move', by: -1 });
        if (key.input === 'g') return dispatch({ type: 'to', index: 0 });
        if (key.input === 'G') return dispatch({ type: 'to', index: total - 1 });
        if (key.name === 'space') return dispatch({ type: 'toggle' });
        if (key.input === '/') return dispatch({ type: 'mode', mode: 'filter' });
      }
      if (isText(key)) dispatch({ type: 'type', text: key.input.replace(/[\r\n]/g, '') });
    },
    { layer: LAYER.panel, text: state.mode === 'filter' },
  );

  const selected = new Set(state.selected);
  const shown: { index: number; item: PickerItem | undefined }[] = [];
  for (let index = start; index < end; index++) shown.push({ index, item: itemAt(held, index) });
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold wrap="truncate">
        {title}
      </Text>
      <Text wrap="truncate">
        {'filter: '}
        <Text inverse={state.mode === 'filter'}>{printable(state.filter)}</Text>
        {state.mode === 'filter' ? <Text inverse> </Text> : null}
        <Text dimColor>{ready ? `  ${total} found` : failed ? '  could not be read' : '  reading…'}</Text>
      </Text>
      {ready && total === 0 ? <Text dimColor>no match</Text> : null}
      {shown.map(({ index, item }) => {
        const here = index === cursor;
        return item ? (
          <Text key={index} inverse={here} wrap="truncate">
            {`${here ? '❯' : ' '} ${selected.has(item.value) ? '◆' : ' '} ${item.label}`}
          </Text>
        ) : (
          <Text key={index} dimColor wrap="truncate">
            {`${here ? '❯' : ' '}   …`}
          </Text>
        );
      })}
      <Text dimColor wrap="truncate">
        {state.selected.length ? `${state.selected.length} selected · ` : ''}
        {state.mode === 'list'
          ? 'j/k move · g/G ends · space select · enter pick · / filter · esc close'
          : 'type to filter · ↑↓ move (then space selects) · enter pick · esc close'}
      </Text>
    </Box>
  );
}
