/**
 * A plan is a list of typed changes, named by natural keys (usernames, group names, permission keys
 * APP_LABEL:MODEL:CODENAME) so that it can be shown, compared, serialised and applied. It never holds a secret.
 */
export type UserFlag = 'is_staff' | 'is_superuser' | 'is_active';

export type Change =
  | { type: 'content_type'; action: 'create'; appLabel: string; model: string }
  | { type: 'permission'; action: 'create'; permission: string; name: string }
  | { type: 'permission'; action: 'update'; permission: string; field: 'name'; from: string; to: string }
  | { type: 'permission'; action: 'delete'; permission: string; groups: number; users: number }
  | { type: 'group'; action: 'create'; group: string }
  | { type: 'group'; action: 'update'; group: string; field: 'name'; from: string; to: string }
  | { type: 'group'; action: 'delete'; group: string; members: number; permissions: number }
  | { type: 'group_permission'; action: 'add' | 'remove'; group: string; permission: string }
  | {
      type: 'user';
      action: 'create';
      username: string;
      email: string;
      isStaff: boolean;
      isSuperuser: boolean;
      isActive: boolean;
      password: 'random' | 'given' | 'unusable';
      /** Only when given (not empty): Django's default is ''. */
      firstName?: string;
      lastName?: string;
    }
  | { type: 'user'; action: 'update'; username: string; field: UserFlag; from: boolean; to: boolean }
  | { type: 'user'; action: 'update'; username: string; field: 'password'; from: 'usable'; to: 'unusable' }
  | { type: 'user'; action: 'delete'; username: string; email: string }
  | { type: 'user_group'; action: 'add' | 'remove'; username: string; group: string }
  | { type: 'user_permission'; action: 'add' | 'remove'; username: string; permission: string };

export interface Plan {
  changes: Change[];
  /** Things the user should know that do not stop the plan ("Could not find a group named …"). */
  warnings: string[];
  /** Informational messages in the manner of the documented commands ("Found existing user …"). */
  notes: string[];
  /** Set when the plan leaves no active superuser: the last ones it removes, demotes or deactivates. */
  lastSuperusers?: string[];
}

export type ChangeKind = 'add' | 'change' | 'remove';

export function kindOf(change: Change): ChangeKind {
  if (change.action === 'create' || change.action === 'add') return 'add';
  if (change.action === 'update') return 'change';
  return 'remove';
}

export function summarize(changes: Change[]): Record<ChangeKind, number> {
  const counts = { add: 0, change: 0, remove: 0 };
  for (const change of changes) counts[kindOf(change)]++;
  return counts;
}

/** Two plans do the same thing: the test that the plan shown is the plan applied. */
export function samePlan(a: Pick<Plan, 'changes'>, b: Pick<Plan, 'changes'>): boolean {
  // Change by change, field by field: two plans of 400,000 changes must not become strings.
  if (a.changes.length !== b.changes.length) return false;
  return a.changes.every((change, i) => sameFields(change, b.changes[i]));
}

/** Two flat records with the same fields and values (changes hold only strings, numbers and booleans). */
function sameFields(a: object, b: object | undefined): boolean {
  if (!b) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let fields = 0;
  for (const key in x) {
    if (x[key] !== y[key]) return false;
    fields++;
  }
  for (const key in y) if (Object.hasOwn(y, key)) fields--;
  return fields === 0;
}

/** The counts of links a removal carries: not what is removed, but how much goes with it. */
const COUNTS = ['members', 'permissions', 'groups', 'users'];

function removalKey(change: Change): string {
  return JSON.stringify(Object.entries(change).filter(([key, value]) => !(COUNTS.includes(key) && typeof value === 'number')));
}

function removalWeight(change: Change): number {
  return Object.entries(change).reduce((sum, [key, value]) => sum + (COUNTS.includes(key) && typeof value === 'number' ? value : 0), 0);
}

/**
 * The removals of `next` that `shown` did not show (or that now take more links with them): a plan
 * re-made against a changed database must not remove what nobody saw.
 */
export function unseenRemovals(shown: Plan, next: Plan): Change[] {
  const seen = new Map<string, number>();
  for (const change of shown.changes) if (kindOf(change) === 'remove') seen.set(removalKey(change), removalWeight(change));
  return next.changes.filter((change) => {
    if (kindOf(change) !== 'remove') return false;
    const before = seen.get(removalKey(change));
    return before === undefined || removalWeight(change) > before;
  });
}
