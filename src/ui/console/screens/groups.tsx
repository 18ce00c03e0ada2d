import { Box, Text, useInput } from 'ink';
import React from 'react';
import { useConsole } from '../context.js';
import { useMode } from '../use-mode.js';
import { cell } from '../rows.js';
import { TextField } from '../text-field.js';
import { usePaged } from '../use-paged.js';

type Mode = 'browse' | 'filter' | 'new';

/** Every group with member and permission counts, a page at a time. */
export function GroupsScreen({ isActive }: { isActive: boolean }) {
  const app = useConsole();
  const [filter, setFilter] = React.useState('');
  const [mode, enter] = useMode<Mode>('browse');
  const browsing = isActive && mode === 'browse';
  const list = usePaged({
    fetch: app.backend.groupsPage,
    count: app.backend.countGroups,
    keyOf: (row) => row.name,
    height: app.height - 2,
    filter,
    isActive: browsing,
    reload: app.generation,
  });
  useInput(
    (input, key) => {
      if (input === '/') enter('filter');
      else if (key.return && list.selected) app.push({ kind: 'group', name: list.selected.name });
      else if (input === 'n' && !app.readOnly) enter('new');
    },
    { isActive: browsing },
  );
  const nameWidth = Math.max(12, app.width - 26);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {`${cell('GROUP', nameWidth)} ${cell('MEMBERS', 10)} ${cell('PERMISSIONS', 12)}`}
      </Text>
      {list.rows.map((row, i) => (
        <Text key={row.name} inverse={i === list.cursor && mode === 'browse'} wrap="truncate">
          {`${cell(row.name, nameWidth)} ${cell(String(row.members), 10)} ${cell(String(row.permissions), 12)}`}
        </Text>
      ))}
      {!list.loading && list.rows.length === 0 ? <Text dimColor>{filter ? `no group matches "${filter}"` : 'no groups yet (n creates one)'}</Text> : null}
      {mode === 'filter' ? (
        <TextField key="filter" label="/" initial={filter} onChange={setFilter} onSubmit={() => enter('browse')} onCancel={() => (setFilter(''), enter('browse'))} />
      ) : mode === 'new' ? (
        <TextField
          key="new-group"
          label="new group, name: "
          onSubmit={(name) => {
            if (name) app.addEdit({ kind: 'group.create', group: name });
            enter('browse');
          }}
          onCancel={() => enter('browse')}
        />
      ) : (
        <Text dimColor>
          {list.total === undefined ? 'counting…' : `${list.total ? list.position + 1 : 0} of ${list.total} groups`}
          {filter ? ` matching "${filter}"` : ''}
        </Text>
      )}
    </Box>
  );
}
