import { printable } from '../domain/text.js';
import { defineCommand } from '../framework/command.js';

export default defineCommand({
  help: 'List the built-in lessons of the demo sandbox, or check lesson files',
  description:
    'A lesson is a YAML file: a title, an introduction, and steps, each with a task, hints and a check (a partial\n' +
    'access file the sandbox must satisfy after an apply, or a question and its answer). `accessctl demo --lesson\n' +
    'NAME|FILE` starts one. With FILE arguments, each file is checked and every problem reported with line:column.',
  arguments: [{ name: 'file', help: 'a lesson file to check', optional: true }],
  async handle({ args, stdout, verbosity }) {
    const { builtinLessons, openLesson } = await import('./_lessons.js');
    if (args.file) {
      const lesson = await openLesson(args.file);
      if (verbosity >= 1) stdout.write(`${printable(args.file)}: a valid lesson, "${printable(lesson.title)}" (${lesson.steps.length} steps).`, 'SUCCESS');
      return;
    }
    builtinLessons().forEach((lesson, i) => {
      stdout.write(`${i + 1}. ${lesson.name.padEnd(18)} ${printable(lesson.title)} (${lesson.steps.length} steps)`);
    });
    if (verbosity >= 1) stdout.write('\n`accessctl demo` opens the sandbox on the first lesson not done; `accessctl demo --lesson NAME|FILE` starts one.');
  },
});
