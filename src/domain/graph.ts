import { InvalidInput } from './errors.js';
import { formatPermission } from './permission-ref.js';
import type { CurrentState, StateScope } from './plan/current-state.js';
import { quoted } from './text.js';

export interface GraphNode {
  id: string;
  kind: 'user' | 'group' | 'permission';
  label: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** member: user in group; grants: group has permission; direct: user has permission directly. */
  kind: 'member' | 'grants' | 'direct';
}

export interface AccessGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export type GraphFocus = { user: string } | { group: string } | { app: string } | undefined;

const userId = (name: string) => `user:${name}`;
const groupId = (name: string) => `group:${name}`;
const permId = (key: string) => `perm:${key}`;

/** What a graph reads: every user and group (permissions come with them). */
export const GRAPH_SCOPE: StateScope = { usernames: [], groupNames: [], appLabels: [], allUsers: true, allGroups: true, allApps: false };

/** Users, groups and permissions and their links, whole or around one user, group or app. */
export function accessGraph(state: CurrentState, focus: GraphFocus): AccessGraph {
  const users = [...state.users.values()];
  const groups = [...state.groups.values()];
  const keep = {
    users: new Set<string>(),
    groups: new Set<string>(),
    perms: (_key: string) => true as boolean,
  };
  if (!focus) {
    users.forEach((u) => keep.users.add(u.username));
    groups.forEach((g) => keep.groups.add(g.name));
  } else if ('user' in focus) {
    const user = state.users.get(focus.user);
    if (!user) throw new InvalidInput([`no user named ${quoted(focus.user)}`]);
    keep.users.add(user.username);
    user.groups.forEach((g) => keep.groups.add(g));
  } else if ('group' in focus) {
    const group = state.groups.get(focus.group);
    if (!group) throw new InvalidInput([`no group named ${quoted(focus.group)}`]);
    keep.groups.add(focus.group);
    keep.perms = (key) => group.permissions.has(key);
    users.filter((u) => u.groups.has(focus.group)).forEach((u) => keep.users.add(u.username));
  } else {
    const inApp = (key: string) => key.startsWith(`${focus.app}:`);
    keep.perms = inApp;
    groups.filter((g) => [...g.permissions].some(inApp)).forEach((g) => keep.groups.add(g.name));
    users.filter((u) => [...u.permissions].some(inApp) || [...u.groups].some((g) => keep.groups.has(g))).forEach((u) => keep.users.add(u.username));
    if (keep.groups.size === 0 && keep.users.size === 0) throw new InvalidInput([`no group or user has a permission of app ${quoted(focus.app)}`]);
  }

  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const addPerm = (key: string) => nodes.set(permId(key), { id: permId(key), kind: 'permission', label: formatPermission(key) });
  for (const group of groups.filter((g) => keep.groups.has(g.name)).sort((a, b) => a.name.localeCompare(b.name))) {
    nodes.set(groupId(group.name), { id: groupId(group.name), kind: 'group', label: group.name });
    for (const key of [...group.permissions].filter(keep.perms).sort()) {
      addPerm(key);
      edges.push({ from: groupId(group.name), to: permId(key), kind: 'grants' });
    }
  }
  for (const user of users.filter((u) => keep.users.has(u.username)).sort((a, b) => a.username.localeCompare(b.username))) {
    nodes.set(userId(user.username), { id: userId(user.username), kind: 'user', label: user.username });
    for (const group of [...user.groups].filter((g) => keep.groups.has(g)).sort()) edges.push({ from: userId(user.username), to: groupId(group), kind: 'member' });
    for (const key of [...user.permissions].filter(keep.perms).sort()) {
      addPerm(key);
      edges.push({ from: userId(user.username), to: permId(key), kind: 'direct' });
    }
  }
  const order = { user: 0, group: 1, permission: 2 };
  return { nodes: [...nodes.values()].sort((a, b) => order[a.kind] - order[b.kind] || a.label.localeCompare(b.label)), edges };
}
