import React from 'react';
import { isPendingGroup, pendingGroupGrant, pendingMembership, pendingUserGrant } from '../../domain/edits.js';
import { formatPermission } from '../../domain/permission-ref.js';
import { printable } from '../../domain/text.js';
import { useConsole } from './context.js';
import { Picker, type PickerItem, type PickerPage, type PickerWindow } from './picker.js';

const box = (checked: boolean) => (checked ? '[x]' : '[ ]');
const matches = (name: string, filter: string) => name.toLowerCase().includes(filter.toLowerCase());

/** Groups pending creation that match a filter (the one it names first): pickable before they are applied. */
function pendingGroups(edits: ReturnType<typeof useConsole>['edits'], filter: string): string[] {
  const names = edits.flatMap((e) => (e.kind === 'group.create' && matches(e.group, filter) ? [e.group] : []));
  return [...names.filter((n) => n === filter), ...names.filter((n) => n !== filter)];
}

/** A window of the groups a picker offers: those pending creation, then those in the database. */
async function groupWindow(app: ReturnType<typeof useConsole>, filter: string, { offset, limit }: PickerWindow): Promise<{ names: string[]; total: number }> {
  const pending = pendingGroups(app.edits, filter);
  const fromPending = pending.slice(offset, offset + limit);
  const stored = await app.backend.groupNamesWindow({ filter: filter || undefined, offset: Math.max(0, offset - pending.length), limit: limit - fromPending.length });
  return { names: [...fromPending, ...stored.rows], total: pending.length + stored.total };
}

/**
 * Groups for users. With one user whose groups are known (`current`), Enter toggles membership
 * ([x] = member, pending edits included); for several users (selected in the list), the groups
 * picked are added to each.
 */
export function GroupPicker({ users, current, height, onDone }: { users: { username: string; email: string }[]; current?: string[]; height: number; onDone(): void }) {
  const app = useConsole();
  const toggle = current !== undefined && users.length === 1;
  const member = (group: string) => toggle && pendingMembership(app.edits, users[0]!.username, group, current.includes(group));
  const who = users.length === 1 ? printable(users[0]!.username) : `${users.length} selected users`;
  return (
    <Picker
      title={toggle ? `groups of ${who}: enter adds or removes ([x] = member)` : `add ${who} to groups: enter adds`}
      height={height}
      onError={app.fail}
      load={async (filter, window): Promise<PickerPage> => {
        const { names, total } = await groupWindow(app, filter, window);
        const items = names.map((name): PickerItem => ({
          value: name,
          label: `${toggle ? `${box(member(name))} ` : ''}${printable(name)}${isPendingGroup(app.edits, name) ? '  (new, pending)' : ''}`,
        }));
        return { items, total };
      }}
      onPick={(groups) => {
        app.editAll(
          users.flatMap((user) =>
            groups.map((group) => {
              const stored = toggle ? current.includes(group) : undefined;
              const add = toggle ? !member(group) : true;
              return { edit: { kind: 'user.group' as const, username: user.username, email: user.email, group, add }, stored };
            }),
          ),
        );
        onDone();
      }}
      onCancel={onDone}
    />
  );
}

/** Members of a group: Enter adds or removes each user picked ([x] = member, pending edits included). */
export function MemberPicker({ group, height, onDone }: { group: string; height: number; onDone(): void }) {
  const app = useConsole();
  // The users the picker showed, with their email and stored membership, for the edits it makes.
  const shown = React.useRef(new Map<string, { email: string; member: boolean }>());
  return (
    <Picker
      title={`members of ${printable(group)}: enter adds or removes ([x] = member)`}
      height={height}
      onError={app.fail}
      load={async (filter, window) => {
        const { rows: users, total } = await app.backend.usersWindow({ filter: filter || undefined, ...window });
        const members = isPendingGroup(app.edits, group)
          ? new Set<string>()
          : await app.backend.membersAmong(
              group,
              users.map((u) => u.username),
            );
        for (const user of users) shown.current.set(user.username, { email: user.email, member: members.has(user.username) });
        const items = users.map((u) => ({
          value: u.username,
          label: `${box(pendingMembership(app.edits, u.username, group, members.has(u.username)))} ${printable(u.username)}  <${printable(u.email)}>`,
        }));
        return { items, total };
      }}
      onPick={(usernames) => {
        app.editAll(
          usernames.flatMap((username) => {
            const user = shown.current.get(username);
            if (!user) return [];
            const add = !pendingMembership(app.edits, username, group, user.member);
            return [{ edit: { kind: 'user.group' as const, username, email: user.email, group, add }, stored: user.member }];
          }),
        );
        onDone();
      }}
      onCancel={onDone}
    />
  );
}

/** Permissions granted to a user directly or to a group: Enter grants or revokes each one picked. */
export function PermissionPicker({
  title,
  granted,
  pendingGrant,
  height,
  onToggle,
  onDone,
}: {
  title: string;
  /** Stored (in the database) grants, as permission keys. */
  granted: ReadonlySet<string>;
  /** Whether the permission is granted once the pending edits are made. */
  pendingGrant(key: string, stored: boolean): boolean;
  height: number;
  onToggle(changes: { permission: string; add: boolean; stored: boolean }[]): void;
  onDone(): void;
}) {
  const app = useConsole();
  return (
    <Picker
      title={`${title}: enter grants or revokes ([x] = granted)`}
      height={height}
      onError={app.fail}
      load={async (filter, window) => {
        const { rows, total } = await app.backend.permissionsWindow({ filter: filter || undefined, ...window });
        const items = rows.map((p) => ({
          value: p.key,
          label: `${box(pendingGrant(p.key, granted.has(p.key)))} ${printable(formatPermission(p.key))}  ${printable(p.name)}`,
        }));
        return { items, total };
      }}
      onPick={(keys) => {
        onToggle(keys.map((permission) => ({ permission, add: !pendingGrant(permission, granted.has(permission)), stored: granted.has(permission) })));
        onDone();
      }}
      onCancel={onDone}
    />
  );
}

export const userGrantLookup = (edits: ReturnType<typeof useConsole>['edits'], username: string) => (key: string, stored: boolean) =>
  pendingUserGrant(edits, username, key, stored);
export const groupGrantLookup = (edits: ReturnType<typeof useConsole>['edits'], group: string) => (key: string, stored: boolean) =>
  pendingGroupGrant(edits, group, key, stored);
