import type { AccessPath, PermissionAccess } from '../domain/access-paths.js';
import { djangoPermName, formatPermission } from '../domain/permission-ref.js';
import { printable, quoted } from '../domain/text.js';

export interface ExplainedUser {
  username: string;
  isStaff: boolean;
  isSuperuser: boolean;
  groups: Iterable<string>;
}

function pathLine(path: AccessPath): string {
  switch (path.kind) {
    case 'superuser':
      return 'as a superuser (an active superuser holds every permission)';
    case 'direct':
      return 'directly (granted to the user)';
    case 'group':
      return `through group ${printable(path.group)}`;
  }
}

/** Why a user holds a permission or not, in the words of Django's rules: every path, and what blocks them. */
export function explainLines(user: ExplainedUser, permission: string, access: PermissionAccess): string[] {
  const who = printable(user.username);
  const perm = formatPermission(permission);
  const django = `Django's has_perm(${quoted(djangoPermName(permission))}) is ${access.holds ? 'True' : 'False'}`;
  const paths = access.paths.map((path) => `  ${pathLine(path)}`);
  if (access.holds) {
    const lines = [`${who} holds ${perm} (${django}), ${access.paths.length === 1 ? 'by one path' : `by ${access.paths.length} paths`}:`, ...paths];
    if (user.isSuperuser && !user.isStaff) lines.push(`(${who} is not staff: holding a permission does not let a user log in to the Django admin.)`);
    return lines;
  }
  if (access.blockedBy === 'inactive') {
    return [
      `${who} does not hold ${perm} (${django}): the user is inactive, and Django gives an inactive user no permission.`,
      'Paths that would give it if the user were active:',
      ...paths,
    ];
  }
  const groups = [...user.groups].sort().map((g) => printable(g));
  const inGroups = groups.length ? `none of the user's groups (${groups.join(', ')}) has it` : 'the user is in no group';
  return [`${who} does not hold ${perm} (${django}): not a superuser, not granted directly, and ${inGroups}.`];
}
