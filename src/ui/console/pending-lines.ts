import { droppedEdits, describeEdit, type Edit } from '../../domain/edits.js';
import type { Plan } from '../../domain/plan/changes.js';
import { printable } from '../../domain/text.js';
import type { PendingPlan } from './use-plan.js';

/**
 * The pending section of a user's or group's screen: its edits, each marked when the plan does
 * nothing for it, and how many of the plan's changes concern the user or group (`count`), so that
 * it adds up with the status bar's count (an edit another process made meanwhile is no change).
 */
export function pendingOf(pending: PendingPlan, all: Edit[], edits: Edit[], count: (plan: Plan) => number): { count: string; lines: string[] } {
  const dropped = droppedEdits(all);
  const removedUsers = new Set(all.flatMap((e) => (e.kind === 'user.remove' ? [e.username] : [])));
  const note = (edit: Edit) => {
    if (dropped.has(edit)) return `  (dropped: the ${'username' in edit && removedUsers.has(edit.username) ? 'user' : 'group'} is removed)`;
    return pending.outcomes.get(edit) === 'no-change' ? '  (no change: already so in the database)' : '';
  };
  const lines = edits.map((edit) => `${printable(describeEdit(edit))}${note(edit)}`);
  return { count: pending.problems.length ? 'cannot be applied' : pending.plan ? String(count(pending.plan)) : '…', lines };
}
