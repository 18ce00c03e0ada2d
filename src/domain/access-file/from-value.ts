import { InvalidInput, type Problem } from '../errors.js';
import type { DesiredState } from '../plan/desired-state.js';
import { accessDocument, withNameMaps } from './document.js';
import { formatPath, locatedError, zodProblems } from './load.js';
import { toDesiredState } from './to-desired.js';

/**
 * The desired state a program gives (the shell's plan() and apply()): either a DesiredState, or an
 * object shaped as an access file ({groups: {...}, users: {...}}), read with the access file's rules.
 * Problems name their path in the object.
 */
export function desiredFromValue(value: unknown): { desired: DesiredState; problems: Problem[]; explain: (problems: Problem[]) => InvalidInput } {
  const explain = (problems: Problem[]) => locatedError(problems, () => '');
  const given = (value ?? {}) as Record<string, unknown>;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInput(['expected an access document ({groups: {...}, users: {...}}) or a desired state']);
  }
  if (['permissions', 'groups', 'users'].some((key) => Array.isArray(given[key]))) {
    const desired = value as Partial<DesiredState>;
    return { desired: { ...desired, permissions: desired.permissions ?? [], groups: desired.groups ?? [], users: desired.users ?? [] }, problems: [], explain };
  }
  const parsed = accessDocument.safeParse(withNameMaps(value), { reportInput: true });
  if (!parsed.success) {
    throw new InvalidInput(zodProblems(parsed.error.issues).map((p) => ({ ...p, message: `${p.path?.length ? `${formatPath(p.path)}: ` : ''}${p.message}` })));
  }
  return { ...toDesiredState(parsed.data), explain };
}
