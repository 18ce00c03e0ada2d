import { Box, Text, useInput } from 'ink';
import React from 'react';
import { normalizeUsername } from '../../../domain/names.js';
import { useConsole } from '../context.js';
import { cell, yesNo } from '../rows.js';
import { TextField } from '../text-field.js';
import { useMode } from '../use-mode.js';
import { usePaged } from '../use-paged.js';

type Mode = 'browse' | 'filter' | 'new-username' | 'new-email';

/** Every user, sorted by username, a page at a time; / filters by username or email in the database. */
export function UsersScreen({ isActive }: { isActive: boolean }) {
  const app = useConsole();
  const [filter, setFilter] = React.useState('');
  const [mode, enter] = useMode<Mode>('browse');
  const [newUsername, setNewUsername] = React.useState('');
  const browsing = isActive && mode === 'browse';
  const list = usePaged({
    fetch: app.backend.usersPage,
    count: app.backend.countUsers,
    keyOf: (row) => row.username,
    height: app.height - 2,
    filter,
    isActive: browsing,
    reload: app.generation,
  });
  useInput(
    (input, key) => {
      if (input === '/') enter('filter');
      else if (key.return && list.selected) app.push({ kind: 'user', username: list.selected.username });
      else if (input === 'n' && !app.readOnly) enter('new-username');
    },
    { isActive: browsing },
  );
  const w = app.width;
  const widths = [Math.max(10, Math.floor(w * 0.28)), Math.max(10, Math.floor(w * 0.36)), 6, 6, 7, 6];
  const header = ['USERNAME', 'EMAIL', 'STAFF', 'SUPER', 'ACTIVE', 'GROUPS'].map((h, i) => cell(h, widths[i])).join(' ');
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {header}
      </Text>
      {list.rows.map((row, i) => (
        <Text key={row.username} inverse={i === list.cursor && mode === 'browse'} wrap="truncate">
          {[row.username, row.email, yesNo(row.isStaff), yesNo(row.isSuperuser), yesNo(row.isActive), String(row.groups)].map((v, j) => cell(v, widths[j])).join(' ')}
        </Text>
      ))}
      {!list.loading && list.rows.length === 0 ? <Text dimColor>{filter ? `no user matches "${filter}"` : 'no users yet (n creates one)'}</Text> : null}
      {mode === 'filter' ? (
        <TextField key="filter" label="/" initial={filter} onChange={setFilter} onSubmit={() => enter('browse')} onCancel={() => (setFilter(''), enter('browse'))} />
      ) : mode === 'new-username' ? (
        <TextField
          key="new-username"
          label="new user, username: "
          onSubmit={(username) => {
            setNewUsername(normalizeUsername(username));
            enter(username ? 'new-email' : 'browse');
          }}
          onCancel={() => enter('browse')}
        />
      ) : mode === 'new-email' ? (
        <TextField
          key="new-email"
          label={`new user ${newUsername}, email: `}
          onSubmit={(email) => {
            app.addEdit({ kind: 'user.create', username: newUsername, email });
            enter('browse');
          }}
          onCancel={() => enter('browse')}
        />
      ) : (
        <Text dimColor>
          {list.total === undefined ? 'counting…' : `${list.total ? list.position + 1 : 0} of ${list.total} users`}
          {filter ? ` matching "${filter}"` : ''}
        </Text>
      )}
    </Box>
  );
}
