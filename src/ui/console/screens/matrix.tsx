import { Box, Text } from 'ink';
import React from 'react';
import type { MatrixRow } from '../../../domain/read-models.js';
import { pendingGroupGrant } from '../../../domain/edits.js';
import { formatPermission } from '../../../domain/permission-ref.js';
import { printable, quoted } from '../../../domain/text.js';
import { useConsole } from '../context.js';
import { isMoveKey } from '../keys/key.js';
import { HOLD, LAYER, useKeys } from '../keys/router.js';
import { cell } from '../rows.js';
import { TextField } from '../text-field.js';
import { useData } from '../use-data.js';
import { useScroll } from '../use-scroll.js';
import { pagedKey, usePagedList } from '../use-paged-list.js';

/** First pick an app; then its permissions are the columns and the groups the rows. The app chosen stays. */
export function MatrixScreen({ isActive }: { isActive: boolean }) {
  const app = useConsole();
  const apps = useData(() => app.backend.apps(), [app.backend, app.generation], app.fail);
  const [chosen, setChosen] = React.useState<string>();
  const list = apps.data ?? [];
  const picker = useScroll(list.length, app.height - 1, { cursor: true });
  useKeys(
    (key) => {
      if (apps.loading && (isMoveKey(key) || key.name === 'return')) return HOLD;
      if (picker.handle(key)) return;
      if (key.name !== 'return') return false;
      const label = list[picker.cursor];
      if (label !== undefined) setChosen(label);
    },
    { isActive: isActive && !chosen, layer: LAYER.screen },
  );
  if (chosen) return <Grid appLabel={chosen} isActive={isActive} onBack={() => setChosen(undefined)} />;
  return (
    <Box flexDirection="column">
      <Text bold>matrix: choose an app</Text>
      {list.slice(picker.start, picker.end).map((label, i) => (
        <Text key={label} inverse={picker.start + i === picker.cursor}>
          {printable(label)}
        </Text>
      ))}
    </Box>
  );
}

/**
 * One group's row: its name and its cells, on the cursor's row the name and the cell under the
 * cursor inverted. One text of few segments (cheap to draw), redrawn only when it changes.
 */
const GridRow = React.memo(function GridRow({ name, cells, here, at }: { name: string; cells: string; here: boolean; at?: { from: number; to: number } }) {
  if (!here) return <Text wrap="truncate">{`${name} ${cells}`}</Text>;
  return (
    <Text wrap="truncate">
      <Text inverse>{name}</Text> {at ? cells.slice(0, at.from) : cells}
      {at ? <Text inverse>{cells.slice(at.from, at.to)}</Text> : null}
      {at ? cells.slice(at.to) : ''}
    </Text>
  );
});

function Grid({ appLabel, isActive, onBack }: { appLabel: string; isActive: boolean; onBack(): void }) {
  const app = useConsole();
  // The columns are read once (5,000 permissions); the rows a page at a time as the cursor moves.
  const columns = useData(() => app.backend.appPermissions(appLabel), [app.backend, appLabel, app.generation], app.fail);
  const [column, setColumn] = React.useState(0);
  const [modelFilter, setModelFilter] = React.useState('');
  const [filtering, setFiltering] = React.useState(false);
  const rowsHeight = Math.max(1, app.height - 4);
  const source = {
    fetch: (request: Parameters<typeof app.backend.matrix>[1]) => app.backend.matrix(appLabel, request),
    count: () => app.backend.countGroups(),
    keyOf: (row: MatrixRow) => row.name,
  };
  const grid = usePagedList(source, `${appLabel}\u0000${app.generation}`, rowsHeight, app.fail);
  const permissions = columns.data;
  const { columnsShown, cellWidth } = React.useMemo(() => {
    const model = modelFilter.toLowerCase();
    const matching = (permissions ?? []).filter((p) => p.model.includes(model));
    return {
      columnsShown: matching,
      cellWidth: Math.min(
        16,
        matching.reduce((width, p) => Math.max(width, p.codename.length + 1), 5),
      ),
    };
  }, [permissions, modelFilter]);
  const col = Math.min(column, Math.max(0, columnsShown.length - 1));
  const nameWidth = Math.min(24, Math.max(10, Math.floor(app.width / 4)));
  const fit = Math.max(1, Math.floor((app.width - nameWidth - 1) / cellWidth));
  const first = Math.max(0, Math.min(col - Math.floor(fit / 2), columnsShown.length - fit));
  const shown = columnsShown.slice(first, first + fit);
  const current = columnsShown[col];
  const loading = grid.loading || permissions === undefined;
  useKeys(
    (key) => {
      // Until the columns and the first page are read there are no cells: moves and toggles wait.
      if (loading && (isMoveKey(key) || ['h', 'l'].includes(key.input) || ['left', 'right', 'space'].includes(key.name ?? ''))) return HOLD;
      if (pagedKey(key, grid.dispatch, rowsHeight)) return;
      if (key.name === 'right' || key.input === 'l') setColumn(Math.min(col + 1, Math.max(0, columnsShown.length - 1)));
      else if (key.name === 'left' || key.input === 'h') setColumn(Math.max(col - 1, 0));
      else if (key.input === 'b') onBack();
      else if (key.input === '/') setFiltering(true);
      else if (key.name === 'space') {
        const group = grid.selected;
        if (!group && (grid.state.total ?? 0) > 0) return HOLD;
        if (!group || !current || app.refuseEdit()) return;
        const stored = group.has.has(current.key);
        const add = !pendingGroupGrant(app.edits, group.name, current.key, stored);
        app.edit({ kind: 'group.permission', group: group.name, permission: current.key, add }, stored);
      } else return false;
    },
    { isActive: isActive && !filtering, layer: LAYER.screen },
  );
  const mark = (group: MatrixRow, key: string) => {
    const stored = group.has.has(key);
    const after = pendingGroupGrant(app.edits, group.name, key, stored);
    return after === stored ? (stored ? '■' : '·') : after ? '+' : '-';
  };
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {cell(printable(appLabel), nameWidth)} {shown.map((p) => cell(printable(p.codename), cellWidth - 1) + ' ').join('')}
      </Text>
      {grid.visible.map((group, r) => {
        const index = grid.state.top + r;
        if (!group)
          return (
            <Text key={`row:${index}`} dimColor>
              …
            </Text>
          );
        const here = index === grid.state.cursor;
        // Cells are one width, and their text is ASCII or one-column marks: the cursor's cell is a slice.
        const cells = shown.map((p) => cell(` ${mark(group, p.key)}`, cellWidth)).join('');
        const at = here && current ? { from: (col - first) * cellWidth, to: (col - first + 1) * cellWidth } : undefined;
        return <GridRow key={`row:${index}`} name={cell(printable(group.name), nameWidth)} cells={cells} here={here} at={at} />;
      })}
      {filtering ? (
        <TextField
          label="models: "
          initial={modelFilter}
          onChange={setModelFilter}
          onSubmit={() => setFiltering(false)}
          onCancel={() => (setModelFilter(''), setFiltering(false))}
        />
      ) : (
        <Text dimColor wrap="truncate">
          {current
            ? `column ${col + 1}/${columnsShown.length}: ${printable(formatPermission(current.key))} — ${printable(current.name)}`
            : `no permissions in ${quoted(appLabel)}`}
          {modelFilter ? ` · models matching ${quoted(modelFilter)}` : ''}
          {'  (■ granted, + / - pending)'}
        </Text>
      )}
    </Box>
  );
}
