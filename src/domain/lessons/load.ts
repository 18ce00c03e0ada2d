import { loadPositioned, locatedError } from '../access-file/load.js';
import { InvalidInput, type Problem } from '../errors.js';
import { parsePermissionRef } from '../permission-ref.js';
import { lessonDocument, lessonWithNameMaps, type LessonDocument } from './document.js';

export interface Lesson extends LessonDocument {
  /** The name progress is kept under: a built-in lesson's name, or a lesson file's name without extension. */
  name: string;
}

/** What the schema cannot say: each check is a state or a question with its answer; permissions are well formed. */
function meaningProblems(document: LessonDocument): Problem[] {
  const problems: Problem[] = [];
  document.steps.forEach((step, i) => {
    const at = ['steps', i, 'check'];
    const { state, question, answer } = step.check;
    const asks = question !== undefined || answer !== undefined;
    if (state && asks) problems.push({ message: 'a check is either a state or a question with its answer, not both', path: at });
    else if (!state && !asks) problems.push({ message: 'missing (expected a state, or a question with its answer)', path: at });
    else if (asks && question === undefined) problems.push({ message: 'missing (expected the question the answer is for)', path: [...at, 'answer'], atKey: true });
    else if (asks && answer === undefined) problems.push({ message: 'missing (expected the answer to the question)', path: [...at, 'question'], atKey: true });
    const permissionLists: [string[] | null | undefined, (string | number)[]][] = [
      ...[...(state?.groups ?? [])].map(([name, list]): [string[] | null, (string | number)[]] => [list, [...at, 'state', 'groups', name]]),
      ...[...(state?.users ?? [])].map(([name, user]): [string[] | null | undefined, (string | number)[]] => [
        user.permissions,
        [...at, 'state', 'users', name, 'permissions'],
      ]),
    ];
    for (const [list, path] of permissionLists) {
      (list ?? []).forEach((value, j) => {
        const parsed = parsePermissionRef(value);
        if (typeof parsed === 'string') problems.push({ message: parsed, path: [...path, j] });
      });
    }
  });
  return problems;
}

/**
 * Reads a lesson file: every problem at once, as "LABEL:LINE:COL: PATH: message", the way access
 * files report theirs.
 */
export function loadLesson(text: string, name: string, label: string): Lesson {
  const prefix = (error: InvalidInput) => new InvalidInput(error.problems.map((p) => ({ ...p, message: `${label}:${p.message}` })));
  let loaded;
  try {
    loaded = loadPositioned(text, lessonDocument, lessonWithNameMaps);
  } catch (error) {
    throw error instanceof InvalidInput ? prefix(error) : error;
  }
  const problems = meaningProblems(loaded.document);
  if (problems.length) throw prefix(locatedError(problems, loaded.locate));
  return { ...loaded.document, name };
}
