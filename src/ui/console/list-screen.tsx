import { Box, Text } from 'ink';
import React from 'react';
import { printable, quoted } from '../../domain/text.js';
import { useConsole } from './context.js';
import { isMoveKey, type KeyPress } from './keys/key.js';
import { HOLD, LAYER, useKeys, type KeyAnswer } from './keys/router.js';
import { cell } from './rows.js';
import { TextField } from './text-field.js';
import { pagedKey, usePagedList, type PagedSource } from './use-paged-list.js';

export interface Column<T> {
  title: string;
  width: number;
  value(row: T): string;
}

export interface ListScreenProps<T> {
  /** Plural noun for the position line: "users". */
  noun: string;
  isActive: boolean;
  source(filter: string): PagedSource<T>;
  keyOf(row: T): string;
  columns: Column<T>[];
  onOpen(row: T): void;
  /**
   * The screen's own keys, with the selected rows (or else the one under the cursor; none while it is
   * read: answer HOLD for a key that needs it); false: not its key.
   */
  onKey?(key: KeyPress, rows: T[], reading: boolean): KeyAnswer;
  /** A field or picker the screen has open (it takes the keys), shown under the list. */
  panel?: React.ReactNode;
  /** The lines the panel may take (a field: 3; a picker: its height): the list shows that many rows fewer. */
  panelRows?: number;
  emptyText: string;
  /** What else the list depends on (sort, filters): when it changes the list is read again. */
  queryKey?: string;
  /** Said after the position: "sorted by …", the filters. */
  note?: string;
}

/**
 * The set-up every list shares (users, groups): a header, the rows of a paged list with the
 * cursor, `/` to filter in the database, Ctrl+U to clear it, space to select several, and a line
 * with the position. Filter, cursor and selection stay while other screens are shown.
 */
export function ListScreen<T>({ noun, isActive, source, keyOf, columns, onOpen, onKey, panel, panelRows = 3, emptyText, queryKey = '', note }: ListScreenProps<T>) {
  const app = useConsole();
  const [filter, setFilter] = React.useState('');
  const [filtering, setFiltering] = React.useState(false);
  const [selected, setSelected] = React.useState<Map<string, T>>(new Map());
  const height = Math.max(1, app.height - 2 - (panel ? panelRows : 0));
  const list = usePagedList(source(filter), `${filter}\u0000${queryKey}\u0000${app.generation}`, height, app.fail);
  const browsing = isActive && !filtering && !panel;
  useKeys(
    (key) => {
      // The row under the cursor is still being read (the first page, or after a jump): the keys that act on it wait.
      // (A read that failed holds nothing: the error is on the status line, and r reads again.)
      const firstRead = list.loading && !list.state.failed;
      const reading = firstRead || (list.selected === undefined && (list.state.total ?? 0) > 0 && !list.state.failed);
      if (firstRead && isMoveKey(key)) return HOLD;
      if (pagedKey(key, list.dispatch, height)) return;
      const row = list.selected;
      if (reading && (key.name === 'return' || key.name === 'space')) return HOLD;
      if (key.name === 'return') {
        if (row) onOpen(row);
      } else if (key.input === '/') setFiltering(true);
      else if (key.input === '^u') setFilter('');
      else if (key.name === 'space' && row) {
        const next = new Map(selected);
        if (next.has(keyOf(row))) next.delete(keyOf(row));
        else next.set(keyOf(row), row);
        setSelected(next);
        list.dispatch({ type: 'move', by: 1, height });
      } else if (key.name === 'escape' && selected.size) setSelected(new Map());
      else {
        const rows = selected.size ? [...selected.values()] : row ? [row] : [];
        if (!onKey) return false;
        return onKey(key, rows, reading);
      }
    },
    { isActive: browsing, layer: LAYER.screen },
  );
  const { state } = list;
  const header = columns.map((c) => cell(c.title, c.width)).join(' ');
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {`  ${header}`}
      </Text>
      {list.visible.map((row, i) => {
        const index = state.top + i;
        const here = index === state.cursor && !filtering;
        if (!row) {
          return (
            <Text key={`row:${index}`} dimColor wrap="truncate">
              {'  …'}
            </Text>
          );
        }
        const mark = selected.has(keyOf(row)) ? '◆ ' : '  ';
        return (
          <Text key={`row:${index}`} inverse={here} wrap="truncate">
            {mark + columns.map((c) => cell(printable(c.value(row)), c.width)).join(' ')}
          </Text>
        );
      })}
      {!list.loading && state.total === 0 ? <Text dimColor>{filter ? `no ${noun.replace(/s$/, '')} matches ${quoted(filter)}` : emptyText}</Text> : null}
      {filtering ? (
        <TextField
          key="filter"
          label="/"
          initial={filter}
          onChange={setFilter}
          onSubmit={() => setFiltering(false)}
          onCancel={() => (setFilter(''), setFiltering(false))}
        />
      ) : (
        (panel ?? (
          <Text dimColor wrap="truncate">
            {state.total === undefined ? 'counting…' : `${state.total ? state.cursor + 1 : 0} of ${state.total} ${noun}`}
            {filter ? ` matching ${quoted(filter)}` : ''}
            {note ? ` · ${printable(note)}` : ''}
            {selected.size ? ` · ${selected.size} selected (esc clears)` : ''}
          </Text>
        ))
      )}
    </Box>
  );
}
