/**
 * Why a user holds a permission, by Django's rules (django.contrib.auth: PermissionsMixin.has_perm and
 * ModelBackend): an inactive user holds nothing; an active superuser holds every permission; otherwise a
 * user holds a permission given directly or through one of their groups. Shared by `explain`, the
 * console's "who holds it" and a user's effective permissions, so that every screen agrees with Django.
 */
export type AccessPath = { kind: 'superuser' } | { kind: 'direct' } | { kind: 'group'; group: string };

export interface PermissionHolder {
  isActive: boolean;
  isSuperuser: boolean;
  groups: Iterable<string>;
  /** Direct permissions, as permission keys (APP_LABEL:MODEL:CODENAME). */
  permissions: ReadonlySet<string>;
}

export interface PermissionAccess {
  /** What Django's `user.has_perm()` answers. */
  holds: boolean;
  /** Every path by which the user has it, or would have it if active. */
  paths: AccessPath[];
  /** Set when paths exist but Django still answers no. */
  blockedBy?: 'inactive';
}

/** The paths by which `user` has `permission`; `groupPermissions` gives a group's permission keys. */
export function accessTo(user: PermissionHolder, permission: string, groupPermissions: (group: string) => ReadonlySet<string> | undefined): PermissionAccess {
  const paths: AccessPath[] = [];
  if (user.isSuperuser) paths.push({ kind: 'superuser' });
  if (user.permissions.has(permission)) paths.push({ kind: 'direct' });
  for (const group of [...user.groups].sort()) {
    if (groupPermissions(group)?.has(permission)) paths.push({ kind: 'group', group });
  }
  if (!user.isActive) return { holds: false, paths, ...(paths.length ? { blockedBy: 'inactive' as const } : {}) };
  return { holds: paths.length > 0, paths };
}
