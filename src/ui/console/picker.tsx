import { Box, Text } from 'ink';
import React from 'react';
import { printable } from '../../domain/text.js';
import { isText, type KeyPress } from './keys/key.js';
import { HOLD, LAYER, useKeys } from './keys/router.js';

export interface PickerItem {
  label: string;
  value: string;
}

export interface PickerProps {
  title: string;
  /** Items for a filter, read from the database as the filter is typed. */
  load(filter: string): Promise<PickerItem[]>;
  height: number;
  /** The selected values (space), or the highlighted one. */
  onPick(values: string[]): void;
  onCancel(): void;
  onError?(error: Error): void;
}

interface State {
  filter: string;
  /** The filter the items were read for. */
  loadedFor: string | undefined;
  items: PickerItem[];
  cursor: number;
  /** Typing goes to the filter; in the list, j/k move and space selects. */
  mode: 'filter' | 'list';
  selected: string[];
}

type Action =
  | { type: 'type'; text: string }
  | { type: 'erase'; all?: boolean }
  | { type: 'loaded'; filter: string; items: PickerItem[] }
  | { type: 'move'; by: number }
  | { type: 'mode'; mode: State['mode'] }
  | { type: 'toggle' };

/** New items: the exact match is highlighted, else the first; what is highlighted is what Enter picks. */
const firstHighlight = (items: PickerItem[], filter: string) =>
  Math.max(
    0,
    items.findIndex((item) => item.value === filter),
  );

const initial: State = { filter: '', loadedFor: undefined, items: [], cursor: 0, mode: 'filter', selected: [] };

function reducer(state: State, action: Action): State {
  switch (action.type) {
    case 'type':
      return { ...state, filter: state.filter + action.text, mode: 'filter' };
    case 'erase':
      return { ...state, filter: action.all ? '' : [...state.filter].slice(0, -1).join(''), mode: 'filter' };
    case 'loaded': {
      if (action.filter !== state.filter) return state;
      const cursor = action.filter === state.loadedFor ? Math.min(state.cursor, Math.max(0, action.items.length - 1)) : firstHighlight(action.items, action.filter);
      return { ...state, items: action.items, loadedFor: action.filter, cursor };
    }
    case 'move':
      return { ...state, cursor: Math.max(0, Math.min(state.cursor + action.by, state.items.length - 1)), mode: 'list' };
    case 'mode':
      return { ...state, mode: action.mode };
    case 'toggle': {
      const value = state.items[state.cursor]?.value;
      if (value === undefined) return state;
      const selected = state.selected.includes(value) ? state.selected.filter((v) => v !== value) : [...state.selected, value];
      return { ...state, selected };
    }
  }
}

/**
 * Type to filter (in the database); ↓/↑ move the highlight, space selects several, Enter picks the
 * selected ones or else the highlighted one; Esc closes. The highlighted row is always the one
 * Enter picks, also when Enter comes before the items for the text typed have arrived.
 */
export function Picker({ title, load, height, onPick, onCancel, onError }: PickerProps) {
  const [state, dispatch] = React.useReducer(reducer, initial);
  const loader = React.useRef(load);
  React.useLayoutEffect(() => {
    loader.current = load;
  });
  React.useEffect(() => {
    let current = true;
    loader.current(state.filter).then(
      (items) => {
        if (!current) return;
        dispatch({ type: 'loaded', filter: state.filter, items });
      },
      (error: Error) => current && onError?.(error),
    );
    return () => {
      current = false;
    };
  }, [state.filter]);
  const ready = state.loadedFor === state.filter;
  const pick = () => {
    if (state.selected.length) return onPick(state.selected);
    const item = state.items[state.cursor];
    if (item) onPick([item.value]);
  };

  useKeys(
    (key: KeyPress) => {
      if (key.input === '^c') return false;
      if (key.name === 'escape') return onCancel();
      // Until the items for the filter typed are read, what is highlighted is not known yet: the keys that act on it wait.
      if (
        !ready &&
        (key.name === 'return' ||
          key.name === 'space' ||
          ['up', 'down', 'pageup', 'pagedown'].includes(key.name ?? '') ||
          ['^n', '^p'].includes(key.input) ||
          (state.mode === 'list' && ['j', 'k'].includes(key.input)))
      )
        return HOLD;
      if (key.name === 'return') return pick();
      if (key.name === 'down' || key.input === '^n') return dispatch({ type: 'move', by: 1 });
      if (key.name === 'up' || key.input === '^p') return dispatch({ type: 'move', by: -1 });
      if (key.name === 'pagedown') return dispatch({ type: 'move', by: rows });
      if (key.name === 'pageup') return dispatch({ type: 'move', by: -rows });
      if (key.input === '^u') return dispatch({ type: 'erase', all: true });
      if (key.name === 'backspace') return dispatch({ type: 'erase' });
      if (state.mode === 'list') {
        if (key.input === 'j') return dispatch({ type: 'move', by: 1 });
        if (key.input === 'k') return dispatch({ type: 'move', by: -1 });
        if (key.name === 'space') return dispatch({ type: 'toggle' });
        if (key.input === '/') return dispatch({ type: 'mode', mode: 'filter' });
      }
      if (isText(key)) dispatch({ type: 'type', text: key.input.replace(/[\r\n]/g, '') });
    },
    { layer: LAYER.panel, text: state.mode === 'filter' },
  );

  const rows = Math.max(1, height - 5);
  const start = Math.max(0, Math.min(state.cursor - Math.floor(rows / 2), state.items.length - rows));
  const shown = state.items.slice(start, start + rows);
  const selected = new Set(state.selected);
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold wrap="truncate">
        {title}
      </Text>
      <Text wrap="truncate">
        {'filter: '}
        <Text inverse={state.mode === 'filter'}>{printable(state.filter)}</Text>
        {state.mode === 'filter' ? <Text inverse> </Text> : null}
        <Text dimColor>{ready ? `  ${state.items.length} found` : '  reading…'}</Text>
      </Text>
      {ready && state.items.length === 0 ? <Text dimColor>no match</Text> : null}
      {shown.map((item, i) => {
        const index = start + i;
        const here = index === state.cursor;
        return (
          <Text key={item.value} inverse={here} wrap="truncate">
            {`${here ? '❯' : ' '} ${selected.has(item.value) ? '◆' : ' '} ${item.label}`}
          </Text>
        );
      })}
      <Text dimColor wrap="truncate">
        {state.selected.length ? `${state.selected.length} selected · ` : ''}
        {state.mode === 'list' ? 'j/k move · space select · enter pick · / filter · esc close' : 'type to filter · ↑↓ move (then space selects) · enter pick · esc close'}
      </Text>
    </Box>
  );
}
