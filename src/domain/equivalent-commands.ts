import type { Change, Plan } from './plan/changes.js';
import type { CurrentState } from './plan/current-state.js';

const SAFE = /^[\w@.+:/=,-]+$/;
const quote = (word: string) => (SAFE.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);
const line = (words: string[]) => words.map(quote).join(' ');
const yamlString = (text: string) => JSON.stringify(text);

function after(before: Iterable<string>, adds: string[], removes: string[]): string[] {
  const set = new Set(before);
  for (const item of adds) set.add(item);
  for (const item of removes) set.delete(item);
  return [...set].sort();
}

/**
 * Command lines that produce exactly the planned result headlessly, for scripts and for training.
 * manage_user and manage_group set whole lists, so each line names the full list after the plan.
 * manage_user cannot set is_active or direct permissions: those users get an access file on stdin.
 */
export function equivalentCommands(plan: Plan, current: CurrentState): string[] {
  const byGroup = new Map<string, Change[]>();
  const byUser = new Map<string, Change[]>();
  const renames: Extract<Change, { type: 'group'; action: 'update' }>[] = [];
  for (const change of plan.changes) {
    if (change.type === 'group' && change.action === 'update') renames.push(change);
    else if (change.type === 'group' || change.type === 'group_permission') byGroup.set(change.group, [...(byGroup.get(change.group) ?? []), change]);
    else if (change.type === 'user' || change.type === 'user_group' || change.type === 'user_permission') {
      byUser.set(change.username, [...(byUser.get(change.username) ?? []), change]);
    }
  }
  const lines: string[] = [];
  // First: the groups and users below may name them.
  for (const change of plan.changes) {
    if (change.type === 'permission' && change.action === 'create')
      lines.push(line(['accessctl', 'manage_permission', change.permission, '--name', change.name, '--yes']));
  }
  const removedGroups: string[] = [];
  for (const [group, changes] of byGroup) {
    if (changes.some((c) => c.type === 'group' && c.action === 'delete')) {
      removedGroups.push(group);
      continue;
    }
    const perms = changes.filter((c): c is Extract<Change, { type: 'group_permission' }> => c.type === 'group_permission');
    const list = after(
      current.groups.get(group)?.permissions ?? [],
      perms.filter((c) => c.action === 'add').map((c) => c.permission),
      perms.filter((c) => c.action === 'remove').map((c) => c.permission),
    );
    lines.push(line(['accessctl', 'manage_group', group, ...(list.length ? ['-p', ...list] : []), '--yes']));
  }
  for (const [username, changes] of byUser) {
    const existing = current.users.get(username);
    const created = changes.find((c): c is Extract<Change, { type: 'user'; action: 'create' }> => c.type === 'user' && c.action === 'create');
    const removed = changes.find((c): c is Extract<Change, { type: 'user'; action: 'delete' }> => c.type === 'user' && c.action === 'delete');
    const email = created?.email ?? existing?.email ?? '';
    if (removed) {
      lines.push(line(['accessctl', 'manage_user', username, removed.email, '--remove', '--yes']));
      continue;
    }
    const flag = (field: 'is_staff' | 'is_superuser' | 'is_active', start: boolean) => {
      const update = changes.find((c) => c.type === 'user' && c.action === 'update' && c.field === field);
      return update ? (update as { to: boolean }).to : start;
    };
    const staff = flag('is_staff', created?.isStaff ?? existing?.isStaff ?? false);
    const superuser = flag('is_superuser', created?.isSuperuser ?? existing?.isSuperuser ?? false);
    const active = flag('is_active', created?.isActive ?? existing?.isActive ?? true);
    const groupChanges = changes.filter((c): c is Extract<Change, { type: 'user_group' }> => c.type === 'user_group');
    const groups = after(
      existing?.groups ?? [],
      groupChanges.filter((c) => c.action === 'add').map((c) => c.group),
      groupChanges.filter((c) => c.action === 'remove').map((c) => c.group),
    );
    const permChanges = changes.filter((c): c is Extract<Change, { type: 'user_permission' }> => c.type === 'user_permission');
    const unusable = created?.password === 'unusable' || changes.some((c) => c.type === 'user' && c.action === 'update' && c.field === 'password');
    if (created?.firstName || created?.lastName) {
      lines.push(`# first_name and last_name of ${quote(username)}: no command sets them; apply it here`);
    }
    const activeChanged = changes.some((c) => c.type === 'user' && c.action === 'update' && c.field === 'is_active') || (created && !active);
    if (permChanges.length || activeChanged) {
      const perms = after(
        existing?.permissions ?? [],
        permChanges.filter((c) => c.action === 'add').map((c) => c.permission),
        permChanges.filter((c) => c.action === 'remove').map((c) => c.permission),
      );
      lines.push(
        [
          `accessctl apply -f - --yes <<'EOF'`,
          'users:',
          `  ${yamlString(username)}:`,
          `    email: ${yamlString(email)}`,
          `    staff: ${staff}`,
          `    superuser: ${superuser}`,
          `    active: ${active}`,
          `    groups: [${groups.map(yamlString).join(', ')}]`,
          `    permissions: [${perms.map(yamlString).join(', ')}]`,
          ...(unusable ? ['    password: {unusable: true}'] : []),
          'EOF',
        ].join('\n'),
      );
      continue;
    }
    lines.push(
      line([
        'accessctl',
        'manage_user',
        username,
        email,
        ...(staff ? ['--staff'] : []),
        ...(superuser ? ['--superuser'] : []),
        ...(groups.length ? ['-g', ...groups] : []),
        ...(unusable ? ['--unusable-password'] : []),
        '--yes',
      ]),
    );
  }
  for (const group of removedGroups) lines.push(line(['accessctl', 'manage_group', group, '--remove', '--yes']));
  for (const rename of renames) lines.push(`# rename group ${quote(rename.from)} to ${quote(rename.to)}: no command renames a group; apply it here`);
  return lines;
}
