import { z } from 'zod';
import type { WayIn } from '../audit/record.js';
import { InvalidInput } from '../errors.js';
import { quoted } from '../text.js';
import { summarize, type Change, type Plan } from './changes.js';
import type { DesiredState } from './desired-state.js';

export const SAVED_PLAN_FORMAT = 'accessctl-plan';
export const SAVED_PLAN_VERSION = 1;

/** A plan written by --plan-out and applied by `apply --plan`. It never holds a secret. */
export interface SavedPlan {
  format: typeof SAVED_PLAN_FORMAT;
  version: typeof SAVED_PLAN_VERSION;
  created_at: string;
  accessctl_version: string;
  /** The database it was computed on, password masked. */
  target: string;
  /** The command that made it, secrets masked. */
  command: string;
  way_in: WayIn;
  /** The hash of the rows the plan was computed from: `apply --plan` refuses when it differs. */
  fingerprint: string;
  summary: { add: number; change: number; remove: number };
  changes: Change[];
  warnings: string[];
  /** What the plan was computed from, to compute it again (and show what moved). */
  desired: DesiredState;
}

const schema = z.object({
  format: z.literal(SAVED_PLAN_FORMAT),
  version: z.literal(SAVED_PLAN_VERSION),
  created_at: z.string(),
  accessctl_version: z.string(),
  target: z.string(),
  command: z.string(),
  way_in: z.object({ kind: z.string() }).loose(),
  fingerprint: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  summary: z.object({ add: z.number(), change: z.number(), remove: z.number() }),
  changes: z.array(z.object({ type: z.string(), action: z.string() }).loose()),
  warnings: z.array(z.string()),
  desired: z.object({ permissions: z.array(z.any()), groups: z.array(z.any()), users: z.array(z.any()) }).loose(),
});

/**
 * The desired state as it may be written to a file. A password hash given for a user the plan
 * creates would be a secret in the file: refused. One given for an existing user is unused
 * (accessctl never changes an existing user's password hash) and left out.
 */
export function savableDesired(desired: DesiredState, plan: Plan): DesiredState {
  const given = plan.changes.filter((c) => c.type === 'user' && c.action === 'create' && c.password === 'given').map((c) => (c as { username: string }).username);
  if (given.length) {
    throw new InvalidInput([
      `cannot save a plan that creates user ${quoted(given[0])} with a given password hash: the hash would be written to the file. ` +
        'Save the plan without --initial-password-hash (a new user gets a random password when the plan is applied), or apply it directly.',
    ]);
  }
  return {
    ...desired,
    users: desired.users.map((u) => (u.password && 'initialHash' in u.password ? { ...u, password: undefined } : u)),
  };
}

export function savedPlan(fields: Omit<SavedPlan, 'format' | 'version' | 'summary' | 'changes' | 'warnings'>, plan: Plan): SavedPlan {
  return {
    format: SAVED_PLAN_FORMAT,
    version: SAVED_PLAN_VERSION,
    ...fields,
    summary: summarize(plan.changes),
    changes: plan.changes,
    warnings: plan.warnings,
  };
}

/** Reads a saved plan, naming what is wrong with it. */
export function parseSavedPlan(text: string, label: string): SavedPlan {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidInput([`${label}: not a saved plan (not JSON: ${(error as Error).message})`]);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new InvalidInput(
      result.error.issues.slice(0, 5).map((issue) => `${label}: not a saved plan of this accessctl (${issue.path.join('.') || 'top level'}: ${issue.message})`),
    );
  }
  return result.data as unknown as SavedPlan;
}

/** What moved between a saved plan and the plan of the same desired state now, change by change. */
export function planDifference(saved: Pick<Plan, 'changes'>, now: Pick<Plan, 'changes'>): { onlySaved: Change[]; onlyNow: Change[] } {
  const key = (c: Change) => JSON.stringify(c);
  const savedKeys = new Set(saved.changes.map(key));
  const nowKeys = new Set(now.changes.map(key));
  return { onlySaved: saved.changes.filter((c) => !nowKeys.has(key(c))), onlyNow: now.changes.filter((c) => !savedKeys.has(key(c))) };
}
