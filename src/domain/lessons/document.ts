import { z } from 'zod';
import { accessUser, asMap, names } from '../access-file/document.js';

/**
 * A check on the database in the access-file format, but partial: only what it names is checked.
 * A user's listed keys must match (lists exactly); a group's list is its exact permissions, and a
 * group given as null only has to exist.
 */
export const partialState = z.strictObject({
  groups: names(z.array(z.string()).nullable()).nullable().optional(),
  users: names(accessUser.omit({ password: true }).partial())
    .nullable()
    .optional(),
});

const check = z.strictObject({
  /** What the database must hold after an apply. */
  state: partialState.optional(),
  /** Or a question the trainee answers in the console. */
  question: z.string().optional(),
  answer: z.union([z.string(), z.array(z.string()).min(1)], { error: 'expected a text or a list of accepted texts' }).optional(),
});

const step = z.strictObject({
  /** The task, in plain words. */
  task: z.string(),
  /** Shown one at a time, on request. */
  hints: z.array(z.string()).optional(),
  check,
});

/** A lesson file (YAML): a title, an introduction, and steps done in order. */
export const lessonDocument = z.strictObject({
  title: z.string(),
  introduction: z.string(),
  steps: z.array(step).min(1),
});

export type LessonDocument = z.infer<typeof lessonDocument>;

const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The parsed lesson with the names of its states as Maps, as access files read them (a user may be named `__proto__`). */
export function lessonWithNameMaps(value: unknown): unknown {
  if (!isMapping(value) || !Array.isArray(value.steps)) return value;
  const steps = value.steps.map((step) => {
    const state = isMapping(step) && isMapping(step.check) ? step.check.state : undefined;
    if (!isMapping(state)) return step;
    const named: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(state)) named[key] = key === 'users' || key === 'groups' ? asMap(state[key]) : state[key];
    return { ...step, check: { ...(step as { check: object }).check, state: named } };
  });
  return { ...value, steps };
}
export type PartialState = z.infer<typeof partialState>;
export type LessonStep = z.infer<typeof step>;
