import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../db/database.js';
import { loadLesson, type Lesson } from '../domain/lessons/load.js';
import { printable, quoted } from '../domain/text.js';
import type { CommandContext } from '../framework/command.js';
import { CommandError } from '../framework/errors.js';
import { builtinLessonSources } from '../lessons/index.js';

/** Every built-in lesson, read and checked (a broken one is a bug, reported like any lesson file). */
export function builtinLessons(): Lesson[] {
  return builtinLessonSources().map((source) => loadLesson(source.text, source.name, source.file));
}

const looksLikeFile = (value: string) => /[\\/]/.test(value) || /\.ya?ml$/i.test(value);

/** A built-in lesson by name, or a trainer's lesson file by path. */
export async function openLesson(nameOrFile: string): Promise<Lesson> {
  const builtin = builtinLessonSources().find((source) => source.name === nameOrFile);
  if (builtin && !looksLikeFile(nameOrFile)) return loadLesson(builtin.text, builtin.name, builtin.file);
  let text: string;
  try {
    text = await readFile(nameOrFile, 'utf8');
  } catch (caught) {
    const error = caught as NodeJS.ErrnoException;
    if (error.code === 'ENOENT' && !looksLikeFile(nameOrFile)) {
      const names = builtinLessonSources().map((source) => source.name);
      throw new CommandError(`no lesson named ${quoted(nameOrFile)} and no such file (built-in lessons: ${names.join(', ')})`);
    }
    const reason = { ENOENT: 'no such file', EISDIR: 'it is a folder', EACCES: 'permission denied' }[error.code as string] ?? error.message;
    throw new CommandError(`cannot read lesson file ${quoted(nameOrFile)}: ${reason}`);
  }
  return loadLesson(text, path.basename(nameOrFile).replace(/\.ya?ml$/i, ''), nameOrFile);
}

/** The console on the sandbox, with the lesson asked for or else the first built-in one not yet complete. */
export async function startConsoleWithLesson(ctx: CommandContext, db: Database, chosen: Lesson | undefined): Promise<number> {
  const [{ sandboxLessonStore }, { LessonSession }, { runConsole }, { backendOf }] = await Promise.all([
    import('../db/lesson-store.js'),
    import('../domain/lessons/session.js'),
    import('../ui/console/run.js'),
    import('../ui/console/backend.js'),
  ]);
  const store = sandboxLessonStore(db.sql);
  const builtins = builtinLessons();
  const nextAfter = (name: string) => builtins[builtins.findIndex((lesson) => lesson.name === name) + 1]?.name;
  let session;
  if (chosen) session = await LessonSession.start(chosen, store, nextAfter(chosen.name));
  else {
    for (const lesson of builtins) {
      session = await LessonSession.start(lesson, store, nextAfter(lesson.name));
      if (!session.complete) break;
    }
  }
  const color = !ctx.options.noColor && !(ctx.env.NO_COLOR !== undefined && ctx.env.NO_COLOR !== '');
  const label = `demo sandbox ${printable(db.target.kind === 'embedded' ? db.target.dataDir : db.label)}`;
  const { recordOrigin } = await import('../framework/record-origin.js');
  const journal = { origin: recordOrigin(ctx, db, { kind: 'console' }, undefined), changeLog: 'required' as const };
  const reason = await runConsole({ backend: backendOf(db.browse, db.recordedAccess(journal), label, db.changeLog), readOnly: false, color, lesson: session });
  return reason === 'interrupted' ? 130 : 0;
}
