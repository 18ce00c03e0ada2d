import { Box, Text } from 'ink';
import React from 'react';
import { formatPermission } from '../../../domain/permission-ref.js';
import { printable } from '../../../domain/text.js';
import { explainLines } from '../../explain-text.js';
import { useConsole } from '../context.js';
import { useData } from '../use-data.js';

/** Why a user holds a permission or not: the same words as `accessctl explain`, wrapped to the screen. */
export function WhyScreen({ username, permission }: { username: string; permission: string }) {
  const app = useConsole();
  const explained = useData(() => app.backend.explain(username, permission), [app.backend, username, permission, app.generation]);
  const lines = explained.data
    ? explainLines(explained.data.user, explained.data.permission, explained.data.access)
    : explained.error
      ? [printable(explained.error.message)]
      : undefined;
  return (
    <Box flexDirection="column">
      <Text bold>{`why: ${printable(username)} and ${formatPermission(permission)}`}</Text>
      {lines ? lines.map((line, i) => <Text key={i}>{line}</Text>) : <Text dimColor>reading…</Text>}
    </Box>
  );
}
