import { Box, Text } from 'ink';
import React from 'react';
import type { PermissionInfo } from '../../../domain/read-models.js';
import { printable, quoted } from '../../../domain/text.js';
import { useConsole } from '../context.js';
import { isMoveKey } from '../keys/key.js';
import { HOLD, LAYER, useKeys } from '../keys/router.js';
import { VisibleLines } from '../rows.js';
import { TextField } from '../text-field.js';
import { useData } from '../use-data.js';
import { useScroll } from '../use-scroll.js';
import { NewPermission } from './new-permission.js';

interface TreeLine {
  text: string;
  key?: string;
}

/** app › model › codename, as an indented tree; permission lines carry their key. */
function tree(permissions: PermissionInfo[]): TreeLine[] {
  const lines: TreeLine[] = [];
  let app = '';
  let model = '';
  for (const p of permissions) {
    if (p.appLabel !== app) {
      lines.push({ text: printable((app = p.appLabel)) });
      model = '';
    }
    if (p.model !== model) lines.push({ text: `  ${printable((model = p.model))}` });
    lines.push({ text: `    ${printable(p.codename).padEnd(28)} ${printable(p.name)}`, key: p.key });
  }
  return lines;
}

export function PermissionsScreen({ isActive }: { isActive: boolean }) {
  const app = useConsole();
  const [filter, setFilter] = React.useState('');
  const [filtering, setFiltering] = React.useState(false);
  const [creating, setCreating] = React.useState(false);
  const loaded = useData(() => app.backend.permissions(filter || undefined), [app.backend, filter, app.generation], app.fail);
  const list = React.useMemo(() => tree(loaded.data ?? []), [loaded.data]);
  const view = useScroll(list.length, app.height - 1, { cursor: true });
  useKeys(
    (key) => {
      // The tree for the filter typed is still being read: moves and Enter wait for it.
      if (loaded.loading && (isMoveKey(key) || key.name === 'return')) return HOLD;
      if (view.handle(key)) return;
      if (key.input === '/') setFiltering(true);
      else if (key.input === 'c') setCreating(!app.refuseEdit());
      else if (key.input === '^u') setFilter('');
      else if (key.name === 'return') {
        const line = list[view.cursor];
        if (line?.key) app.push({ kind: 'permission', key: line.key });
      } else return false;
    },
    { isActive: isActive && !filtering && !creating, layer: LAYER.screen },
  );
  if (creating) return <NewPermission height={app.height} onDone={() => setCreating(false)} />;
  return (
    <Box flexDirection="column">
      {loaded.data === undefined ? <Text dimColor>loading…</Text> : null}
      <VisibleLines lines={list.map((l) => l.text)} start={view.start} end={view.end} cursor={filtering ? undefined : view.cursor} width={app.width} />
      {filtering ? (
        <TextField label="/" initial={filter} onChange={setFilter} onSubmit={() => setFiltering(false)} onCancel={() => (setFilter(''), setFiltering(false))} />
      ) : (
        <Text dimColor>{filter ? `filtered by ${quoted(filter)}` : 'app › model › codename'}</Text>
      )}
    </Box>
  );
}
