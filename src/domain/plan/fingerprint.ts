import { createHash } from 'node:crypto';
import type { CurrentState } from './current-state.js';

const sorted = <T>(items: Iterable<T>) => [...items].sort();

/**
 * A hash of the state a plan was computed from (the rows it read), in a canonical order: equal
 * fingerprints mean the same rows, so the same plan. A saved plan carries it; applying it refuses
 * when the database no longer gives the same fingerprint.
 */
export function stateFingerprint(current: CurrentState): string {
  const users = [...current.users.values()]
    .sort((a, b) => (a.username < b.username ? -1 : 1))
    .map((u) => [u.id, u.username, u.email, u.isStaff, u.isSuperuser, u.isActive, u.usablePassword, sorted(u.groups), sorted(u.permissions)]);
  const groups = [...current.groups.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map((g) => [g.id, g.name, g.members, sorted(g.permissions)]);
  const catalogue = sorted(current.catalogue.map((c) => JSON.stringify([c.appLabel, c.model, c.codename ?? null, c.name ?? null, c.groups, c.users])));
  return `sha256:${createHash('sha256').update(JSON.stringify({ users, groups, catalogue })).digest('hex')}`;
}
