import { Box, Text } from 'ink';
import React from 'react';
import { describePath, holdersOf } from '../../../domain/holders.js';
import { formatPermission } from '../../../domain/permission-ref.js';
import { printable } from '../../../domain/text.js';
import { useConsole } from '../context.js';
import { isMoveKey } from '../keys/key.js';
import { HOLD, LAYER, useKeys } from '../keys/router.js';
import { VisibleLines } from '../rows.js';
import { useData } from '../use-data.js';
import { useScroll } from '../use-scroll.js';

/**
 * Who holds one permission, as Django's has_perm answers: active superusers, direct grants, group
 * members; inactive users are listed apart, marked, with the path they would have.
 */
export function PermissionScreen({ permissionKey, isActive }: { permissionKey: string; isActive: boolean }) {
  const app = useConsole();
  const loaded = useData(() => app.backend.holders(permissionKey), [app.backend, permissionKey, app.generation], app.fail);
  const p = printable;
  let lines: string[] = [];
  if (loaded.data) {
    const { groups, candidates, candidateCount } = loaded.data;
    const holders = holdersOf(candidates, permissionKey);
    const holding = holders.filter((h) => h.holds);
    const inactive = holders.filter((h) => h.inactive);
    lines = [
      `groups that have it (${groups.length})`,
      ...groups.map((g) => `  ${p(g)}`),
      '',
      `users who hold it (${holding.length}${candidateCount > candidates.length ? `, of the first ${candidates.length} of ${candidateCount} with a path` : ''})`,
      ...holding.map((h) => `  ${p(h.username)}  via ${h.paths.map((path) => p(describePath(path))).join(', ')}`),
      '',
      `inactive users: hold nothing, would hold it through (${inactive.length})`,
      ...inactive.map((h) => `  ${p(h.username)}  [inactive]  would be via ${h.paths.map((path) => p(describePath(path))).join(', ')}`),
    ];
  }
  const scroll = useScroll(lines.length, app.height - 1);
  useKeys((key) => (loaded.loading && isMoveKey(key) ? HOLD : scroll.handle(key) ? undefined : false), { isActive, layer: LAYER.screen });
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">{`who holds ${p(formatPermission(permissionKey))}`}</Text>
      {loaded.data ? (
        <VisibleLines lines={lines} start={scroll.start} end={scroll.end} width={app.width} />
      ) : (
        <Text dimColor>{loaded.error ? 'could not read the holders' : 'reading…'}</Text>
      )}
    </Box>
  );
}
