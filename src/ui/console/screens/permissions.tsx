import { Box, Text, useInput } from 'ink';
import React from 'react';
import type { PermissionInfo } from '../../../domain/read-models.js';
import { useConsole } from '../context.js';
import { VisibleLines } from '../rows.js';
import { TextField } from '../text-field.js';
import { useWindow } from '../use-window.js';

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
      lines.push({ text: (app = p.appLabel) });
      model = '';
    }
    if (p.model !== model) lines.push({ text: `  ${(model = p.model)}` });
    lines.push({ text: `    ${p.codename.padEnd(28)} ${p.name}`, key: p.key });
  }
  return lines;
}

export function PermissionsScreen({ isActive }: { isActive: boolean }) {
  const app = useConsole();
  const [filter, setFilter] = React.useState('');
  const [filtering, setFiltering] = React.useState(false);
  const [lines, setLines] = React.useState<TreeLine[]>();
  React.useEffect(() => {
    let current = true;
    void app.backend.permissions(filter || undefined).then((found) => current && setLines(tree(found)));
    return () => {
      current = false;
    };
  }, [filter, app.generation]);
  const list = lines ?? [];
  const view = useWindow(list.length, app.height - 1, isActive && !filtering);
  useInput(
    (input, key) => {
      if (input === '/') {
        setFiltering(true);
        app.setCaptured(true);
      } else if (key.return) {
        const line = list[view.cursor];
        if (line?.key) app.push({ kind: 'permission', key: line.key });
      }
    },
    { isActive: isActive && !filtering },
  );
  const done = () => {
    setFiltering(false);
    app.setCaptured(false);
  };
  return (
    <Box flexDirection="column">
      {lines === undefined ? <Text dimColor>loading…</Text> : null}
      <VisibleLines lines={list.map((l) => l.text)} start={view.visible.start} end={view.visible.end} cursor={filtering ? undefined : view.cursor} width={app.width} />
      {filtering ? (
        <TextField label="/" initial={filter} onChange={setFilter} onSubmit={done} onCancel={() => (setFilter(''), done())} />
      ) : (
        <Text dimColor>{filter ? `filtered by "${filter}"` : 'app › model › codename'}</Text>
      )}
    </Box>
  );
}
