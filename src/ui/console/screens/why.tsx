import { Box, Text } from 'ink';
import React from 'react';
import { formatPermission } from '../../../domain/permission-ref.js';
import { printable } from '../../../domain/text.js';
import { explainLines } from '../../explain-text.js';
import { useConsole } from '../context.js';

/** Why a user holds a permission or not: the same words as `accessctl explain`, wrapped to the screen. */
export function WhyScreen({ username, permission }: { username: string; permission: string }) {
  const app = useConsole();
  const [lines, setLines] = React.useState<string[]>();
  React.useEffect(() => {
    app.backend.explain(username, permission).then(
      ({ user, permission: key, access }) => setLines(explainLines(user, key, access)),
      (error: Error) => setLines([printable(error.message)]),
    );
  }, [username, permission, app.generation]);
  return (
    <Box flexDirection="column">
      <Text bold>{`why: ${printable(username)} and ${formatPermission(permission)}`}</Text>
      {lines ? lines.map((line, i) => <Text key={i}>{line}</Text>) : <Text dimColor>reading…</Text>}
    </Box>
  );
}
