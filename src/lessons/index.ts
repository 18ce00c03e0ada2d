import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface LessonSource {
  /** The name `demo --lesson` takes: the file's name less its order prefix and extension. */
  name: string;
  file: string;
  text: string;
}

export const LESSON_FILE = /^\d+-(.+)\.ya?ml$/;

/**
 * The built-in lessons, in order, from this folder. The bundle cannot read src/ at run time: its
 * build replaces this module with the same list, the texts inlined (scripts/build.mjs).
 */
export function builtinLessonSources(): LessonSource[] {
  const folder = fileURLToPath(new URL('./', import.meta.url));
  return readdirSync(folder)
    .filter((file) => LESSON_FILE.test(file))
    .sort()
    .map((file) => ({ name: file.replace(LESSON_FILE, '$1'), file, text: readFileSync(`${folder}${file}`, 'utf8') }));
}
