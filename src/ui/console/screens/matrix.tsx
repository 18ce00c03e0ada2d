import { Box, Text, useInput } from 'ink';
import React from 'react';
import { formatPermission } from '../../../domain/permission-ref.js';
import type { PermissionInfo } from '../../../domain/read-models.js';
import { useConsole } from '../context.js';
import { cell } from '../rows.js';
import { usePaged } from '../use-paged.js';
import { useWindow } from '../use-window.js';

/** First pick an app; then its permissions are the columns and the groups the rows. */
export function MatrixScreen({ isActive }: { isActive: boolean }) {
  const app = useConsole();
  const [apps, setApps] = React.useState<string[]>();
  const [chosen, setChosen] = React.useState<string>();
  React.useEffect(() => {
    void app.backend.apps().then(setApps);
  }, [app.generation]);
  const picker = useWindow(apps?.length ?? 0, app.height - 1, isActive && !chosen);
  useInput(
    (_input, key) => {
      if (key.return && apps?.[picker.cursor]) setChosen(apps[picker.cursor]);
    },
    { isActive: isActive && !chosen },
  );
  if (chosen) return <Grid appLabel={chosen} isActive={isActive} onBack={() => setChosen(undefined)} />;
  return (
    <Box flexDirection="column">
      <Text bold>matrix: choose an app</Text>
      {(apps ?? []).slice(picker.visible.start, picker.visible.end).map((label, i) => (
        <Text key={label} inverse={picker.visible.start + i === picker.cursor}>
          {label}
        </Text>
      ))}
    </Box>
  );
}

function Grid({ appLabel, isActive, onBack }: { appLabel: string; isActive: boolean; onBack(): void }) {
  const app = useConsole();
  const [permissions, setPermissions] = React.useState<PermissionInfo[]>([]);
  const [column, setColumn] = React.useState(0);
  const nameWidth = Math.min(24, Math.max(10, Math.floor(app.width / 4)));
  const columns = Math.max(1, Math.floor((app.width - nameWidth - 1) / 3));
  const rows = usePaged({
    fetch: async (request) => {
      const matrix = await app.backend.matrix(appLabel, request);
      setPermissions(matrix.permissions);
      return matrix.groups;
    },
    count: app.backend.countGroups,
    keyOf: (row) => row.name,
    height: app.height - 4,
    filter: '',
    isActive,
    reload: `${appLabel}:${app.generation}`,
  });
  useInput(
    (input, key) => {
      if (key.rightArrow || input === 'l') setColumn((c) => Math.min(c + 1, Math.max(0, permissions.length - 1)));
      else if (key.leftArrow || input === 'h') setColumn((c) => Math.max(c - 1, 0));
      else if (input === 'b') onBack();
    },
    { isActive },
  );
  const first = Math.max(0, Math.min(column - Math.floor(columns / 2), permissions.length - columns));
  const shown = permissions.slice(first, first + columns);
  const current = permissions[column];
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {cell(`${appLabel}`, nameWidth)} {shown.map((_, i) => String(first + i + 1).padStart(2).padEnd(3)).join('')}
      </Text>
      {rows.rows.map((group, r) => (
        <Text key={group.name} wrap="truncate">
          <Text inverse={r === rows.cursor}>{cell(group.name, nameWidth)}</Text>{' '}
          {shown.map((p, i) => (
            <Text key={p.key} inverse={first + i === column && r === rows.cursor}>
              {group.has.has(p.key) ? ' ■ ' : ' · '}
            </Text>
          ))}
        </Text>
      ))}
      <Text dimColor wrap="truncate">
        {current ? `column ${column + 1}/${permissions.length}: ${formatPermission(current.key)} — ${current.name}` : `no permissions in ${appLabel}`}
      </Text>
    </Box>
  );
}
