import { z } from 'zod';
import { accessUser } from '../access-file/document.js';

/**
 * A check on the database in the access-file format, but partial: only what it names is checked.
 * A user's listed keys must match (lists exactly); a group's list is its exact permissions, and a
 * group given as null only has to exist.
 */
export const partialState = z.strictObject({
  groups: z.record(z.string(), z.array(z.string()).nullable()).nullable().optional(),
  users: z.record(z.string(), accessUser.omit({ password: true }).partial()).nullable().optional(),
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
export type PartialState = z.infer<typeof partialState>;
export type LessonStep = z.infer<typeof step>;
