import { formatPermission } from '../domain/permission-ref.js';
import { kindOf, summarize, type Change, type Plan } from '../domain/plan/changes.js';
import { plural, printable as p, quoted as q } from '../domain/text.js';

const SYMBOL = { add: '+', change: '~', remove: '-' } as const;

/**
 * One line of a change, without its +/~/- mark. Never shows a password or hash. Every name passes
 * through printable/quoted: a name holding a newline or an escape sequence must not forge a line.
 */
export function describeChange(change: Change): string {
  switch (change.type) {
    case 'content_type':
      return `content type ${p(change.appLabel)}.${p(change.model)}`;
    case 'permission':
      if (change.action === 'create') return `permission ${p(change.permission)} ${q(change.name)}`;
      if (change.action === 'update') return `permission ${p(change.permission)}: name ${q(change.from)} -> ${q(change.to)}`;
      return `permission ${p(change.permission)} (granted to ${plural(change.groups, 'group')} and ${plural(change.users, 'user')} directly)`;
    case 'group':
      if (change.action === 'create') return `group ${p(change.group)}`;
      if (change.action === 'update') return `group ${p(change.group)}: name ${q(change.from)} -> ${q(change.to)}`;
      return `group ${p(change.group)} (${plural(change.members, 'member')}, ${plural(change.permissions, 'permission')})`;
    case 'group_permission':
      return `${p(change.group)}: ${p(formatPermission(change.permission))}`;
    case 'user':
      if (change.action === 'create') {
        const password = { random: 'a random usable password', given: 'the given password hash', unusable: 'an unusable password' }[change.password];
        const names = [change.firstName && `first_name ${q(change.firstName)}`, change.lastName && `last_name ${q(change.lastName)}`].filter(Boolean).join(', ');
        return `user ${p(change.username)} (email ${p(change.email)}${names ? `, ${names}` : ''}, is_staff ${change.isStaff}, is_superuser ${change.isSuperuser}, is_active ${change.isActive}, ${password})`;
      }
      if (change.action === 'update') return `user ${p(change.username)}: ${change.field} ${change.from} -> ${change.to}`;
      return `user ${p(change.username)} (${p(change.email)}) with their memberships and direct permissions`;
    case 'user_group':
      return `user ${p(change.username)}: group ${p(change.group)}`;
    case 'user_permission':
      return `user ${p(change.username)}: ${p(formatPermission(change.permission))}`;
  }
}

export interface PlanLine {
  kind: 'add' | 'change' | 'remove';
  text: string;
}

export function planLines(plan: Plan): PlanLine[] {
  return plan.changes.map((change) => {
    const kind = kindOf(change);
    return { kind, text: `${SYMBOL[kind]} ${describeChange(change)}` };
  });
}

/** "Plan: 2 to add, 1 to change, 1 to remove." or "No changes." */
export function summaryLine(plan: Plan): string {
  if (plan.changes.length === 0) return 'No changes.';
  const { add, change, remove } = summarize(plan.changes);
  return `Plan: ${add} to add, ${change} to change, ${remove} to remove.`;
}

export function appliedLine(plan: Plan): string {
  const { add, change, remove } = summarize(plan.changes);
  return `Apply complete: ${add} added, ${change} changed, ${remove} removed.`;
}
