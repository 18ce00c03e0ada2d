import { Box, Text, useInput } from 'ink';
import React from 'react';
import { formatPermission } from '../../../domain/permission-ref.js';
import type { UserDetail } from '../../../domain/read-models.js';
import { describeEdit, pendingFlag, pendingMembership, pendingUserGrant } from '../../../domain/edits.js';
import { useConsole } from '../context.js';
import { useMode } from '../use-mode.js';
import { Picker } from '../picker.js';
import { VisibleLines } from '../rows.js';
import { TextField } from '../text-field.js';
import { useWindow } from '../use-window.js';

type Mode = 'view' | 'groups' | 'permissions' | 'why' | 'remove';
const FLAGS = { s: 'isStaff', S: 'isSuperuser', A: 'isActive' } as const;

/** Lines of the user screen: details, groups, direct and effective permissions (with where each comes from). */
function detailLines(user: UserDetail, pending: string[]): string[] {
  const lines = [
    `email        ${user.email}`,
    `staff        ${user.isStaff}    superuser ${user.isSuperuser}    active ${user.isActive}`,
    `last login   ${user.lastLogin ? user.lastLogin.toISOString() : 'never'}`,
    `date joined  ${user.dateJoined ? user.dateJoined.toISOString() : '-'}`,
  ];
  if (pending.length) lines.push('', `pending (${pending.length})`, ...pending.map((p) => `  ~ ${p}`));
  lines.push('', `groups (${user.groups.length})`, ...user.groups.map((g) => `  ${g}`));
  lines.push('', `direct permissions (${user.direct.length})`, ...user.direct.map((p) => `  ${formatPermission(p.key)}  ${p.name}`));
  const why = !user.isActive ? ' — none: the user is inactive' : user.isSuperuser ? ' — all: the user is a superuser' : '';
  lines.push('', `effective permissions (${user.effective.length})${why}`);
  for (const { permission, sources } of user.effective) lines.push(`  ${formatPermission(permission.key)}  ${permission.name}  [${sources.join(', ')}]`);
  return lines;
}

export function UserScreen({ username, isActive }: { username: string; isActive: boolean }) {
  const app = useConsole();
  const [user, setUser] = React.useState<UserDetail | null>();
  const [mode, enter] = useMode<Mode>('view');
  React.useEffect(() => {
    void app.backend.userDetail(username).then((found) => setUser(found ?? null));
  }, [username, app.generation]);
  const pending = app.edits.filter((e) => 'username' in e && e.username === username).map(describeEdit);
  const lines = user ? detailLines(user, pending) : [];
  const view = useWindow(lines.length, app.height - 1, isActive && mode === 'view');
  useInput(
    (input) => {
      if (user && input === 'w') return enter('why');
      if (!user || app.readOnly) return;
      const field = FLAGS[input as keyof typeof FLAGS];
      if (field) app.addEdit({ kind: 'user.flag', username, email: user.email, field, value: !pendingFlag(app.edits, username, field, user[field]) });
      else if (input === 'g') enter('groups');
      else if (input === 'p') enter('permissions');
      else if (input === 'D') enter('remove');
    },
    { isActive: isActive && mode === 'view' },
  );
  if (user === undefined) return <Text dimColor>loading {username}…</Text>;
  if (user === null) return <Text>No user named "{username}" (removed meanwhile?). Esc goes back.</Text>;
  return (
    <Box flexDirection="column">
      <Text bold>user {user.username}</Text>
      {mode === 'groups' ? (
        <Picker
          title={`groups of ${username}: Enter adds or removes ([x] = member)`}
          height={app.height - 1}
          load={async (filter) =>
            (await app.backend.groupsPage({ filter: filter || undefined, limit: 50 })).map((g) => ({
              value: g.name,
              label: `[${pendingMembership(app.edits, username, g.name, user.groups.includes(g.name)) ? 'x' : ' '}] ${g.name}`,
            }))
          }
          onPick={(group) => {
            app.addEdit({ kind: 'user.group', username, email: user.email, group, add: !pendingMembership(app.edits, username, group, user.groups.includes(group)) });
            enter('view');
          }}
          onCancel={() => enter('view')}
        />
      ) : mode === 'permissions' ? (
        <Picker
          title={`direct permissions of ${username}: Enter grants or revokes ([x] = granted)`}
          height={app.height - 1}
          load={async (filter) =>
            (await app.backend.permissions(filter || undefined)).slice(0, 100).map((p) => ({
              value: p.key,
              label: `[${pendingUserGrant(app.edits, username, p.key, user.direct.some((d) => d.key === p.key)) ? 'x' : ' '}] ${formatPermission(p.key)}  ${p.name}`,
            }))
          }
          onPick={(permission) => {
            app.addEdit({ kind: 'user.permission', username, email: user.email, permission, add: !pendingUserGrant(app.edits, username, permission, user.direct.some((d) => d.key === permission)) });
            enter('view');
          }}
          onCancel={() => enter('view')}
        />
      ) : mode === 'why' ? (
        <Picker
          title={`why does ${username} hold it, or not? choose a permission (filter by app, model or codename)`}
          height={app.height - 1}
          load={async (filter) =>
            (await app.backend.permissions(filter || undefined)).slice(0, 100).map((p) => ({ value: p.key, label: `${formatPermission(p.key)}  ${p.name}` }))
          }
          onPick={(key) => {
            enter('view');
            app.push({ kind: 'why', username, key });
          }}
          onCancel={() => enter('view')}
        />
      ) : mode === 'remove' ? (
        <TextField
          key="remove"
          label={`remove user ${username}? type the username to confirm: `}
          onSubmit={(typed) => {
            if (typed === username) app.addEdit({ kind: 'user.remove', username, email: user.email });
            else app.notify('Not removed: the name typed did not match.');
            enter('view');
          }}
          onCancel={() => enter('view')}
        />
      ) : (
        <VisibleLines lines={lines} start={view.visible.start} end={view.visible.end} width={app.width} />
      )}
    </Box>
  );
}
