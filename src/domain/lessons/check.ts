import { formatPermission, parsePermissionRef, permissionKey } from '../permission-ref.js';
import type { CurrentState } from '../plan/current-state.js';
import { quoted } from '../text.js';
import type { LessonStep, PartialState } from './document.js';

const keysOf = (values: string[]) =>
  new Set(
    values
      .map((value) => parsePermissionRef(value))
      .flatMap((ref) => (typeof ref === 'string' || ref.model === undefined ? [] : [permissionKey({ ...ref, model: ref.model })])),
  );

function setProblems(what: string, have: ReadonlySet<string>, want: ReadonlySet<string>, show: (item: string) => string): string[] {
  const missing = [...want].filter((item) => !have.has(item)).sort();
  const extra = [...have].filter((item) => !want.has(item)).sort();
  return [...missing.map((item) => `${what} lacks ${show(item)}`), ...extra.map((item) => `${what} also has ${show(item)}`)];
}

/** The names a state check reads: the users and groups it names. */
export function checkScope(state: PartialState): { usernames: string[]; groupNames: string[] } {
  return { usernames: [...(state.users?.keys() ?? [])], groupNames: [...(state.groups?.keys() ?? [])] };
}

/** What is not yet as the check says, one line each (empty when the database satisfies it). */
export function unmetConditions(state: PartialState, current: CurrentState): string[] {
  const unmet: string[] = [];
  for (const [name, list] of state.groups ?? []) {
    const group = current.groups.get(name);
    if (!group) unmet.push(`group ${quoted(name)} does not exist`);
    else if (list) unmet.push(...setProblems(`group ${quoted(name)}`, group.permissions, keysOf(list), formatPermission));
  }
  for (const [username, want] of state.users ?? []) {
    const user = current.users.get(username);
    if (!user) {
      unmet.push(`user ${quoted(username)} does not exist`);
      continue;
    }
    const who = `user ${quoted(username)}`;
    if (want.email !== undefined && want.email.toLowerCase() !== user.email.toLowerCase())
      unmet.push(`${who} has the email ${quoted(user.email)}, not ${quoted(want.email)}`);
    const flags: [string, boolean | undefined, boolean][] = [
      ['staff', want.staff, user.isStaff],
      ['superuser', want.superuser, user.isSuperuser],
      ['active', want.active, user.isActive],
    ];
    for (const [flag, wanted, actual] of flags) if (wanted !== undefined && wanted !== actual) unmet.push(`${who} is ${actual ? '' : 'not '}${flag}`);
    if (want.groups) unmet.push(...setProblems(who, user.groups, new Set(want.groups), (g) => `group ${quoted(g)}`));
    if (want.permissions) unmet.push(...setProblems(`${who}'s direct permissions`, user.permissions, keysOf(want.permissions), formatPermission));
  }
  return unmet;
}

/** An answer as compared: case, spaces, commas and order do not matter ("Finance, warehouse" = "warehouse finance"). */
export function normalizedAnswer(text: string): string {
  return text
    .toLowerCase()
    .split(/[\s,;]+/)
    .filter(Boolean)
    .sort()
    .join(' ');
}

export function answerMatches(step: LessonStep, given: string): boolean {
  const accepted = step.check.answer === undefined ? [] : Array.isArray(step.check.answer) ? step.check.answer : [step.check.answer];
  return accepted.some((answer) => normalizedAnswer(answer) === normalizedAnswer(given));
}
