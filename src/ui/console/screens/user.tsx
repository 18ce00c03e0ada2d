import { Box, Text } from 'ink';
import React from 'react';
import type { UserDetail } from '../../../domain/read-models.js';
import { changesOfUser } from '../../../domain/edit-status.js';
import { isPendingUser, pendingFlag, type UserField } from '../../../domain/edits.js';
import { emailFormatProblem, newEmailProblem, personNameProblem } from '../../../domain/names.js';
import type { PermissionEffect } from '../../../domain/permission-effects.js';
import { formatPermission } from '../../../domain/permission-ref.js';
import { printable } from '../../../domain/text.js';
import { ConfirmByName } from '../confirm-name.js';
import { useConsole } from '../context.js';
import { HOLD, LAYER, useKeys } from '../keys/router.js';
import { Picker } from '../picker.js';
import { GroupPicker, PermissionPicker, userGrantLookup } from '../pickers.js';
import { DetailBody, useDetailView } from '../detail-body.js';
import { pendingOf } from '../pending-lines.js';
import { TextField } from '../text-field.js';
import { useData } from '../use-data.js';

type Mode = 'groups' | 'permissions' | 'why' | 'remove' | UserField;
/** A new user's details, asked in this order by `e`. */
const FIELDS: UserField[] = ['email', 'firstName', 'lastName'];
const FIELD_LABELS: Record<UserField, string> = { email: 'email', firstName: 'first name', lastName: 'last name' };
const FLAGS = { s: 'isStaff', S: 'isSuperuser', A: 'isActive' } as const;
const OWN_KEYS = new Set(['w', 'g', 'p', 'D', 'P', 'e', ...Object.keys(FLAGS)]);
// Fixed width, so that the columns do not shift between true and false.
const flag = (value: boolean) => String(value).padEnd(5);

/** A user not in the database yet: what a pending creation gives. */
function newUser(username: string, email: string): UserDetail {
  return { username, email, isStaff: false, isSuperuser: false, isActive: true, lastLogin: null, dateJoined: new Date(NaN), groups: [], direct: [], effective: [] };
}

/** Lines of the user screen: details, pending edits, groups, direct and effective permissions (with where each comes from). */
function detailLines(user: UserDetail, pending: { count: string; lines: string[] }, isNew: boolean, effect?: PermissionEffect): string[] {
  const p = printable;
  const lines = [
    `email        ${p(user.email)}`,
    `staff        ${flag(user.isStaff)}  superuser ${flag(user.isSuperuser)}  active ${flag(user.isActive)}`,
    `last login   ${user.lastLogin ? user.lastLogin.toISOString() : 'never'}`,
    `date joined  ${isNew ? 'new user, pending: not in the database yet' : user.dateJoined ? user.dateJoined.toISOString() : '-'}`,
  ];
  if (pending.lines.length) lines.push('', `pending (${pending.count})`, ...pending.lines.map((line) => `  ~ ${line}`));
  lines.push('', `groups (${user.groups.length})`, ...user.groups.map((g) => `  ${p(g)}`));
  lines.push('', `direct permissions (${user.direct.length})`, ...user.direct.map((d) => `  ${p(formatPermission(d.key))}  ${p(d.name)}`));
  const why = !user.isActive ? ' — none: the user is inactive' : user.isSuperuser ? ' — all: the user is a superuser' : '';
  lines.push('', `effective permissions (${user.effective.length})${why}`);
  for (const { permission, sources } of user.effective)
    lines.push(`  ${p(formatPermission(permission.key))}  ${p(permission.name)}  [${sources.map((s) => p(s)).join(', ')}]`);
  if (effect) {
    lines.push('', `with the pending edits: ${effect.note ? p(effect.note) : `+${effect.gained.length} gained, -${effect.lost.length} lost`}`);
    for (const key of effect.gained) lines.push(`  + ${p(formatPermission(key))}`);
    for (const key of effect.lost) lines.push(`  - ${p(formatPermission(key))}`);
  }
  return lines;
}

export function UserScreen({ username, isActive }: { username: string; isActive: boolean }) {
  const app = useConsole();
  const loaded = useData(() => app.backend.userDetail(username), [app.backend, username, app.generation], app.fail);
  const creation = app.edits.find((e): e is Extract<typeof e, { kind: 'user.create' }> => e.kind === 'user.create' && e.username === username);
  const isNew = isPendingUser(app.edits, username);
  // A new user's details as the pending edits leave them.
  const detailOf = (field: UserField): string => {
    const set = [...app.edits].reverse().find((e) => e.kind === 'user.field' && e.username === username && e.field === field);
    return set?.kind === 'user.field' ? set.value : field === 'email' ? (creation?.email ?? '') : '';
  };
  const user = loaded.data ?? (creation ? newUser(username, detailOf('email')) : loaded.loading ? undefined : null);
  const pending = pendingOf(
    app.plan,
    app.edits,
    app.edits.filter((e) => 'username' in e && e.username === username),
    (plan) => changesOfUser(plan, username),
  );
  const effect = app.plan.effects.find((e) => e.username === username);
  const lines = user ? detailLines(user, pending, isNew, effect) : [];
  // g is the groups key here: Home/End jump.
  const detail = useDetailView<Mode>(lines, app.height - 1, { letterJumps: false });
  const { mode } = detail.state;
  const setMode = detail.setMode;
  const view = () => setMode('view');
  useKeys(
    (key) => {
      // Keys typed before the user is read act on it once it is.
      if (user === undefined) return detail.isOwn(key) || OWN_KEYS.has(key.input) ? HOLD : false;
      if (detail.handle(key)) return;
      if (!user) return false;
      // Not an edit: read-only too.
      if (key.input === 'w') return setMode('why');
      const field = FLAGS[key.input as keyof typeof FLAGS];
      const editing = field || ['g', 'p', 'D', 'P', 'e'].includes(key.input);
      if (!editing) return false;
      if (app.refuseEdit()) return;
      if (field) app.edit({ kind: 'user.flag', username, email: user.email, field, value: !pendingFlag(app.edits, username, field, user[field]) }, user[field]);
      else if (key.input === 'g') setMode('groups');
      else if (key.input === 'p') setMode('permissions');
      else if (key.input === 'D') setMode('remove');
      else if (key.input === 'P') app.edit({ kind: 'user.password', username, email: user.email, unusable: true });
      else if (key.input === 'e') {
        if (isNew) setMode('email');
        else app.notify("Only a new user's email and names are set here: an existing user's are Django's (its admin edits them).");
      }
    },
    { isActive: isActive && mode === 'view', layer: LAYER.screen },
  );
  if (user === undefined) return <Text dimColor>{`loading ${printable(username)}…`}</Text>;
  if (user === null) return <Text>{`No user named ${printable(username)} (removed meanwhile?). Esc goes back.`}</Text>;
  const direct = new Set(user.direct.map((d) => d.key));
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">{`user ${printable(user.username)}${isNew ? '  (new, pending)' : ''}`}</Text>
      {mode === 'email' || mode === 'firstName' || mode === 'lastName' ? (
        <NewUserField
          key={mode}
          field={mode}
          initial={detailOf(mode)}
          onSubmit={(value) => {
            const stored = mode === 'email' ? (creation?.email ?? '') : '';
            app.edit({ kind: 'user.field', username, email: creation?.email ?? user.email, field: mode, value }, stored);
            const next = FIELDS[FIELDS.indexOf(mode) + 1];
            setMode(next ?? 'view');
          }}
          onCancel={view}
        />
      ) : mode === 'groups' ? (
        <GroupPicker users={[user]} current={user.groups} height={app.height - 1} onDone={view} />
      ) : mode === 'permissions' ? (
        <PermissionPicker
          title={`direct permissions of ${printable(username)}`}
          granted={direct}
          pendingGrant={userGrantLookup(app.edits, username)}
          height={app.height - 1}
          onToggle={(changes) =>
            app.editAll(changes.map(({ permission, add, stored }) => ({ edit: { kind: 'user.permission', username, email: user.email, permission, add }, stored })))
          }
          onDone={view}
        />
      ) : mode === 'why' ? (
        <Picker
          title={`why does ${printable(username)} hold it, or not? choose a permission (filter by app, model or codename)`}
          height={app.height - 1}
          onError={app.fail}
          load={async (filter, window) => {
            const { rows, total } = await app.backend.permissionsWindow({ filter: filter || undefined, ...window });
            return { items: rows.map((p) => ({ value: p.key, label: `${printable(formatPermission(p.key))}  ${printable(p.name)}` })), total };
          }}
          onPick={([key]) => {
            view();
            if (key) app.push({ kind: 'why', username, key });
          }}
          onCancel={view}
        />
      ) : mode === 'remove' ? (
        <ConfirmByName
          what="user"
          name={username}
          onConfirm={() => (app.edit({ kind: 'user.remove', username, email: user.email }), view())}
          onRefuse={() => (app.notify('Not removed: the name typed did not match.'), view())}
          onCancel={view}
        />
      ) : (
        <DetailBody view={detail} width={app.width} />
      )}
    </Box>
  );
}

/** One detail of a new user, checked as it is typed (Django's form and lengths). */
function NewUserField({ field, initial, onSubmit, onCancel }: { field: UserField; initial: string; onSubmit(value: string): void; onCancel(): void }) {
  const problem = (value: string) =>
    field === 'email' ? (emailFormatProblem(value) ?? newEmailProblem(value)) : personNameProblem(FIELD_LABELS[field] as 'first name' | 'last name', value);
  return (
    <Box flexDirection="column">
      <TextField
        label={`${FIELD_LABELS[field]}: `}
        initial={initial}
        validate={problem}
        onSubmit={(value) => {
          if (!problem(value)) onSubmit(value);
        }}
        onCancel={onCancel}
      />
      <Text dimColor>{field === 'lastName' ? 'enter sets it · esc stops' : 'enter sets it and goes on to the next · esc stops'}</Text>
    </Box>
  );
}
