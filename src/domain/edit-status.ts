import { droppedEdits, type Edit } from './edits.js';
import type { Change, Plan, UserFlag } from './plan/changes.js';

/**
 * What became of a pending edit in the plan made of all of them: a change of its own ('planned'),
 * part of the creation of its user ('in-creation'), nothing because the database already holds
 * it, another process having done it meanwhile ('no-change'), or nothing because its user or group
 * is removed ('dropped').
 */
export type EditOutcome = 'planned' | 'in-creation' | 'no-change' | 'dropped';

const FLAG_COLUMNS: Record<Extract<Edit, { kind: 'user.flag' }>['field'], UserFlag> = { isStaff: 'is_staff', isSuperuser: 'is_superuser', isActive: 'is_active' };

/** The changes of the plan that carry out an edit (none when it is already so, or part of a creation). */
function carries(edit: Edit, change: Change): boolean {
  switch (edit.kind) {
    case 'user.flag':
      return change.type === 'user' && change.action === 'update' && change.username === edit.username && change.field === FLAG_COLUMNS[edit.field];
    case 'user.password':
      return change.type === 'user' && change.action === 'update' && change.username === edit.username && change.field === 'password';
    case 'user.group':
      return change.type === 'user_group' && change.username === edit.username && change.group === edit.group && change.action === (edit.add ? 'add' : 'remove');
    case 'user.permission':
      return (
        change.type === 'user_permission' && change.username === edit.username && change.permission === edit.permission && change.action === (edit.add ? 'add' : 'remove')
      );
    case 'user.create':
      return change.type === 'user' && change.action === 'create' && change.username === edit.username;
    case 'user.remove':
      return change.type === 'user' && change.action === 'delete' && change.username === edit.username;
    case 'user.field':
      return false;
    case 'permission.create':
      return change.type === 'permission' && change.action === 'create' && change.permission === edit.permission;
    case 'group.create':
      return change.type === 'group' && change.action === 'create' && change.group === edit.group;
    case 'group.remove':
      return change.type === 'group' && change.action === 'delete' && change.group === edit.group;
    case 'group.rename':
      return change.type === 'group' && change.action === 'update' && change.group === edit.group && change.to === edit.to;
    case 'group.permission':
      return (
        change.type === 'group_permission' && change.group === edit.group && change.permission === edit.permission && change.action === (edit.add ? 'add' : 'remove')
      );
  }
}

/** Each edit's outcome in `plan`, the plan of exactly these edits. */
export function editOutcomes(edits: Edit[], plan: Plan): Map<Edit, EditOutcome> {
  const dropped = droppedEdits(edits);
  const created = new Set(plan.changes.flatMap((c) => (c.type === 'user' && c.action === 'create' ? [c.username] : [])));
  const outcomes = new Map<Edit, EditOutcome>();
  for (const edit of edits) {
    const partOfCreation =
      edit.kind !== 'user.create' && 'username' in edit && created.has(edit.username) && ['user.flag', 'user.password', 'user.field'].includes(edit.kind);
    outcomes.set(edit, dropped.has(edit) ? 'dropped' : partOfCreation ? 'in-creation' : plan.changes.some((change) => carries(edit, change)) ? 'planned' : 'no-change');
  }
  return outcomes;
}

/** How many changes of the plan concern a user (their row, groups and direct permissions). */
export const changesOfUser = (plan: Plan, username: string) => plan.changes.filter((c) => 'username' in c && c.username === username).length;

/** How many changes of the plan concern a group (its row, permissions and members). */
export const changesOfGroup = (plan: Plan, group: string) => plan.changes.filter((c) => 'group' in c && c.group === group).length;
