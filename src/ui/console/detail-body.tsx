import { Box, Text } from 'ink';
import React from 'react';
import { detailReducer, findStatus, initialDetail, matchesOf, scrollAction, type DetailView, type Page } from './detail-view.js';
import { isMoveKey, type KeyPress } from './keys/key.js';
import { cell } from './rows.js';
import { TextField } from './text-field.js';

/**
 * A detail screen's lines and its view state (a reducer: see detail-view.ts): scrolling, `/` to
 * find, `n`/`N` to the next/previous line found. `handle` takes those keys and says whether it did.
 */
export function useDetailView<Mode extends string>(lines: readonly string[], height: number, options: { letterJumps?: boolean } = {}) {
  const [state, dispatch] = React.useReducer(detailReducer<Mode>, undefined, initialDetail<Mode>);
  // The find field and its status line take a row.
  const page: Page = { lines, height: Math.max(1, height - (state.mode === 'find' || state.find ? 1 : 0)) };
  const handle = (key: KeyPress): boolean => {
    const scroll = scrollAction<Mode>(key, state, page, options.letterJumps ?? true);
    if (scroll) dispatch(scroll);
    else if (key.input === '/') dispatch({ type: 'mode', mode: 'find' });
    else if ((key.input === 'n' || key.input === 'N') && state.find) dispatch({ type: 'next', delta: key.input === 'n' ? 1 : -1, page });
    else return false;
    return true;
  };
  /** The keys `handle` takes: while the lines are read, these wait. */
  const isOwn = (key: KeyPress) => isMoveKey(key) || key.input === '/' || ((key.input === 'n' || key.input === 'N') && state.find !== '');
  const setMode = (mode: Mode | 'view') => dispatch({ type: 'mode', mode });
  return { state, dispatch, page, handle, isOwn, setMode };
}

/** The lines on screen (the current match inverted), then the find field or the find's status. */
export function DetailBody<Mode extends string>({ view, width }: { view: Pick<ReturnType<typeof useDetailView<Mode>>, 'state' | 'dispatch' | 'page'>; width: number }) {
  const { state, dispatch, page } = view;
  const found = new Set(matchesOf(state.find, page.lines));
  const shown = page.lines.slice(state.top, state.top + page.height);
  return (
    <Box flexDirection="column">
      {shown.map((line, i) => {
        const index = state.top + i;
        return (
          <Text key={index} inverse={index === state.match} bold={found.has(index) && index !== state.match} wrap="truncate">
            {cell(line, width)}
          </Text>
        );
      })}
      {state.mode === 'find' ? (
        <TextField
          key="find"
          label="find: "
          onSubmit={(text) => {
            dispatch({ type: 'find', text, page });
            dispatch({ type: 'mode', mode: 'view' });
          }}
          onCancel={() => dispatch({ type: 'mode', mode: 'view' })}
        />
      ) : state.find ? (
        <Text dimColor wrap="truncate">
          {findStatus(state as DetailView<string>, page.lines)}
        </Text>
      ) : null}
    </Box>
  );
}
