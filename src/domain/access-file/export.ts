import type { CurrentState, StateScope } from '../plan/current-state.js';
import type { AccessFileOut, AccessUser } from './document.js';

// Indexing, not destructuring, in the comparator: it runs ~1.7 million times for 100,000 users, twice as fast.
const byKey = <T>(entries: [string, T][]) => Object.fromEntries(entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
const sorted = (values: Iterable<string>) => [...values].sort();

/** What an export reads: everything. */
export const EXPORT_SCOPE: StateScope = { usernames: [], groupNames: [], appLabels: [], allUsers: true, allGroups: true, allApps: true };

/**
 * The whole current state as an access file: sorted and stable, so that applying an export says
 * "No changes." Password hashes are never exported, only `{unusable: true}` where it is so.
 */
export function exportDocument(state: CurrentState): AccessFileOut {
  const apps = new Map<string, Map<string, [string, string][]>>();
  for (const entry of state.catalogue) {
    if (!apps.has(entry.appLabel)) apps.set(entry.appLabel, new Map());
    const models = apps.get(entry.appLabel)!;
    if (!models.has(entry.model)) models.set(entry.model, []);
    if (entry.codename) models.get(entry.model)!.push([entry.codename, entry.name ?? entry.codename]);
  }
  const permissions = byKey([...apps].map(([app, models]) => [app, byKey([...models].map(([model, perms]) => [model, byKey(perms)]))]));
  const groups = byKey([...state.groups.values()].map((group) => [group.name, sorted(group.permissions)]));
  const users = byKey(
    [...state.users.values()].map((user): [string, AccessUser] => {
      const entry: AccessUser = {
        email: user.email,
        staff: user.isStaff,
        superuser: user.isSuperuser,
        active: user.isActive,
        groups: sorted(user.groups),
        permissions: sorted(user.permissions),
      };
      if (!user.usablePassword) entry.password = { unusable: true };
      return [user.username, entry];
    }),
  );
  return { permissions, groups, users };
}
