import { Box, Text, useInput } from 'ink';
import React from 'react';
import { formatPermission } from '../../../domain/permission-ref.js';
import type { GroupDetail } from '../../../domain/read-models.js';
import { describeEdit, pendingGroupGrant, pendingMembership } from '../../../domain/edits.js';
import { useConsole } from '../context.js';
import { useMode } from '../use-mode.js';
import { Picker } from '../picker.js';
import { VisibleLines } from '../rows.js';
import { TextField } from '../text-field.js';
import { useWindow } from '../use-window.js';

type Mode = 'view' | 'permissions' | 'members' | 'rename' | 'remove';

/** Permissions grouped by app and model, then members. */
function detailLines(group: GroupDetail, pending: string[]): string[] {
  const lines: string[] = [];
  if (pending.length) lines.push(`pending (${pending.length})`, ...pending.map((p) => `  ~ ${p}`), '');
  lines.push(`permissions (${group.permissions.length})`);
  let heading = '';
  for (const p of group.permissions) {
    const next = `  ${p.appLabel} › ${p.model}`;
    if (next !== heading) lines.push((heading = next));
    lines.push(`      ${p.codename}  ${p.name}`);
  }
  lines.push('', `members (${group.memberCount})`, ...group.members.map((m) => `  ${m.username}  <${m.email}>`));
  if (group.memberCount > group.members.length) lines.push(`  … and ${group.memberCount - group.members.length} more`);
  return lines;
}

export function GroupScreen({ name, isActive }: { name: string; isActive: boolean }) {
  const app = useConsole();
  const [group, setGroup] = React.useState<GroupDetail | null>();
  const [mode, enter] = useMode<Mode>('view');
  // The users the member picker showed, with their email and membership, for the edit it makes.
  const shown = React.useRef(new Map<string, { email: string; member: boolean }>());
  React.useEffect(() => {
    void app.backend.groupDetail(name).then((found) => setGroup(found ?? null));
  }, [name, app.generation]);
  const pending = app.edits.filter((e) => ('group' in e && e.group === name)).map(describeEdit);
  const lines = group ? detailLines(group, pending) : [];
  const view = useWindow(lines.length, app.height - 1, isActive && mode === 'view');
  useInput(
    (input) => {
      if (!group || app.readOnly) return;
      if (input === 'p') enter('permissions');
      else if (input === 'm') enter('members');
      else if (input === 'r') enter('rename');
      else if (input === 'D') enter('remove');
    },
    { isActive: isActive && mode === 'view' },
  );
  if (group === undefined) return <Text dimColor>loading {name}…</Text>;
  if (group === null) return <Text>No group named "{name}" (it is new and not applied yet, or was removed). Esc goes back.</Text>;
  const has = (key: string) => group.permissions.some((p) => p.key === key);
  return (
    <Box flexDirection="column">
      <Text bold>group {group.name}</Text>
      {mode === 'permissions' ? (
        <Picker
          title={`permissions of ${name}: filter by app, model or codename; Enter grants or revokes ([x] = granted)`}
          height={app.height - 1}
          load={async (filter) =>
            (await app.backend.permissions(filter || undefined)).slice(0, 100).map((p) => ({
              value: p.key,
              label: `[${pendingGroupGrant(app.edits, name, p.key, has(p.key)) ? 'x' : ' '}] ${formatPermission(p.key)}  ${p.name}`,
            }))
          }
          onPick={(permission) => {
            app.addEdit({ kind: 'group.permission', group: name, permission, add: !pendingGroupGrant(app.edits, name, permission, has(permission)) });
            enter('view');
          }}
          onCancel={() => enter('view')}
        />
      ) : mode === 'members' ? (
        <Picker
          title={`members of ${name}: Enter adds or removes ([x] = member)`}
          height={app.height - 1}
          load={async (filter) => {
            const users = await app.backend.usersPage({ filter: filter || undefined, limit: 50 });
            const members = await app.backend.membersAmong(name, users.map((u) => u.username));
            for (const user of users) shown.current.set(user.username, { email: user.email, member: members.has(user.username) });
            return users.map((u) => ({ value: u.username, label: `[${pendingMembership(app.edits, u.username, name, members.has(u.username)) ? 'x' : ' '}] ${u.username}  <${u.email}>` }));
          }}
          onPick={(username) => {
            const user = shown.current.get(username);
            if (user) app.addEdit({ kind: 'user.group', username, email: user.email, group: name, add: !pendingMembership(app.edits, username, name, user.member) });
            enter('view');
          }}
          onCancel={() => enter('view')}
        />
      ) : mode === 'rename' ? (
        <TextField
          key="rename"
          label={`rename ${name} to: `}
          initial={name}
          onSubmit={(to) => {
            if (to && to !== name) app.addEdit({ kind: 'group.rename', group: name, to });
            enter('view');
          }}
          onCancel={() => enter('view')}
        />
      ) : mode === 'remove' ? (
        <TextField
          key="remove"
          label={`remove group ${name}? type its name to confirm: `}
          onSubmit={(typed) => {
            if (typed === name) app.addEdit({ kind: 'group.remove', group: name });
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
