import { Box, Text } from 'ink';
import React from 'react';
import type { GroupDetail } from '../../../domain/read-models.js';
import { changesOfGroup } from '../../../domain/edit-status.js';
import { isPendingGroup } from '../../../domain/edits.js';
import { formatPermission } from '../../../domain/permission-ref.js';
import { printable } from '../../../domain/text.js';
import { ConfirmByName } from '../confirm-name.js';
import { useConsole } from '../context.js';
import { HOLD, LAYER, useKeys } from '../keys/router.js';
import { groupGrantLookup, MemberPicker, PermissionPicker } from '../pickers.js';
import { TextField } from '../text-field.js';
import { DetailBody, useDetailView } from '../detail-body.js';
import { pendingOf } from '../pending-lines.js';
import { useData } from '../use-data.js';

type Mode = 'permissions' | 'members' | 'rename' | 'remove';
const OWN_KEYS = ['p', 'm', 'r', 'D'];

/** Permissions grouped by app and model, then members. */
function detailLines(group: GroupDetail, pending: { count: string; lines: string[] }): string[] {
  const p = printable;
  const lines: string[] = [];
  if (pending.lines.length) lines.push(`pending (${pending.count})`, ...pending.lines.map((line) => `  ~ ${line}`), '');
  lines.push(`permissions (${group.permissions.length})`);
  let heading = '';
  for (const perm of group.permissions) {
    const next = `  ${p(perm.appLabel)} › ${p(perm.model)}`;
    if (next !== heading) lines.push((heading = next));
    lines.push(`      ${p(perm.codename)}  ${p(perm.name)}  (${p(formatPermission(perm.key))})`);
  }
  lines.push('', `members (${group.memberCount})`, ...group.members.map((m) => `  ${p(m.username)}  <${p(m.email)}>`));
  if (group.memberCount > group.members.length) lines.push(`  … and ${group.memberCount - group.members.length} more`);
  return lines;
}

export function GroupScreen({ name, isActive }: { name: string; isActive: boolean }) {
  const app = useConsole();
  const loaded = useData(() => app.backend.groupDetail(name), [app.backend, name, app.generation], app.fail);
  const isNew = isPendingGroup(app.edits, name);
  // A pending new group is edited like an existing one: it starts empty.
  const group: GroupDetail | null | undefined = loaded.data ?? (isNew ? { name, permissions: [], memberCount: 0, members: [] } : loaded.loading ? undefined : null);
  const pending = pendingOf(
    app.plan,
    app.edits,
    app.edits.filter((e) => 'group' in e && e.group === name),
    (plan) => changesOfGroup(plan, name),
  );
  const lines = group ? detailLines(group, pending) : [];
  const detail = useDetailView<Mode>(lines, app.height - 1);
  const { mode } = detail.state;
  const setMode = detail.setMode;
  const view = () => setMode('view');
  useKeys(
    (key) => {
      // Keys typed before the group is read act on it once it is.
      if (group === undefined) return detail.isOwn(key) || OWN_KEYS.includes(key.input) ? HOLD : false;
      if (detail.handle(key)) return;
      if (!group || !OWN_KEYS.includes(key.input)) return false;
      if (app.refuseEdit()) return;
      if (key.input === 'p') setMode('permissions');
      else if (key.input === 'm') setMode('members');
      else if (key.input === 'r') setMode(isNew ? 'view' : 'rename');
      else if (key.input === 'D') setMode('remove');
      if (key.input === 'r' && isNew) app.notify('A new group is named when created: undo it (u) and create it again to rename.');
    },
    { isActive: isActive && mode === 'view', layer: LAYER.screen },
  );
  if (group === undefined) return <Text dimColor>{`loading ${printable(name)}…`}</Text>;
  if (group === null) return <Text>{`No group named ${printable(name)} (removed meanwhile?). Esc goes back.`}</Text>;
  const granted = new Set(group.permissions.map((p) => p.key));
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">{`group ${printable(group.name)}${isNew ? '  (new, pending)' : ''}`}</Text>
      {mode === 'permissions' ? (
        <PermissionPicker
          title={`permissions of ${printable(name)}`}
          granted={granted}
          pendingGrant={groupGrantLookup(app.edits, name)}
          height={app.height - 1}
          onToggle={(changes) =>
            app.editAll(changes.map(({ permission, add, stored }) => ({ edit: { kind: 'group.permission', group: name, permission, add }, stored })))
          }
          onDone={view}
        />
      ) : mode === 'members' ? (
        <MemberPicker group={name} height={app.height - 1} onDone={view} />
      ) : mode === 'rename' ? (
        <TextField
          key="rename"
          label={`rename ${printable(name)} to: `}
          initial={name}
          onSubmit={(to) => {
            if (to) app.edit({ kind: 'group.rename', group: name, to });
            view();
          }}
          onCancel={view}
        />
      ) : mode === 'remove' ? (
        <ConfirmByName
          what="group"
          name={name}
          onConfirm={() => (app.edit({ kind: 'group.remove', group: name }), view())}
          onRefuse={() => (app.notify('Not removed: the name typed did not match.'), view())}
          onCancel={view}
        />
      ) : (
        <DetailBody view={detail} width={app.width} />
      )}
    </Box>
  );
}
