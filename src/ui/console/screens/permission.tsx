import { Box, Text } from 'ink';
import React from 'react';
import { formatPermission } from '../../../domain/permission-ref.js';
import type { PermissionHolders } from '../../../domain/read-models.js';
import { useConsole } from '../context.js';
import { VisibleLines } from '../rows.js';
import { useWindow } from '../use-window.js';

/** Who has one permission: groups, users directly, users through a group. */
export function PermissionScreen({ permissionKey, isActive }: { permissionKey: string; isActive: boolean }) {
  const app = useConsole();
  const [holders, setHolders] = React.useState<PermissionHolders>();
  React.useEffect(() => {
    void app.backend.holders(permissionKey).then(setHolders);
  }, [permissionKey, app.generation]);
  const lines = holders
    ? [
        `groups (${holders.groups.length})`,
        ...holders.groups.map((g) => `  ${g}`),
        '',
        `users directly (${holders.users.length})`,
        ...holders.users.map((u) => `  ${u}`),
        '',
        `users through a group (${holders.viaGroupCount})`,
        ...holders.viaGroups.map((v) => `  ${v.username}  via ${v.group}`),
        ...(holders.viaGroupCount > holders.viaGroups.length ? [`  … and more`] : []),
      ]
    : [];
  const view = useWindow(lines.length, app.height - 1, isActive);
  return (
    <Box flexDirection="column">
      <Text bold>
        permission {formatPermission(permissionKey)}
      </Text>
      {holders ? <VisibleLines lines={lines} start={view.visible.start} end={view.visible.end} width={app.width} /> : <Text dimColor>loading…</Text>}
    </Box>
  );
}
