import { DJANGO_USER_MODEL } from '../domain/user-model.js';
import type { LessonStore } from '../domain/lessons/session.js';
import { readCurrentState } from './queries/current-state.js';
import { readProgress, saveProgress } from './demo-sandbox.js';
import type { SqlClient } from './sql.js';

/** Lessons read the sandbox's users and groups, and keep their progress in its own table. */
export function sandboxLessonStore(sql: SqlClient): LessonStore {
  return {
    readState: ({ usernames, groupNames }) => readCurrentState(sql, DJANGO_USER_MODEL, { usernames, groupNames, appLabels: [] }),
    stepsDone: async (lesson) => (await readProgress(sql)).get(lesson) ?? 0,
    saveStepsDone: (lesson, steps) => saveProgress(sql, lesson, steps),
  };
}
