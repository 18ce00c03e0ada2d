import type { LessonSession } from '../../domain/lessons/session.js';
import type { ConsoleBackend } from './backend.js';

/**
 * The console's backend, telling the lesson about each apply with the command lines that would have
 * done the same from a script (computed just before, against the state the apply changes).
 */
export function lessonBackend(backend: ConsoleBackend, session: LessonSession): ConsoleBackend {
  return {
    ...backend,
    async apply(edits, shown) {
      const review = await backend.review(edits);
      const outcome = await backend.apply(edits, shown);
      if (outcome.status === 'applied') await session.afterApply('commands' in review ? review.commands : []);
      return outcome;
    },
  };
}
