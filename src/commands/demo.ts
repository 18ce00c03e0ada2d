import { demoTarget } from '../db/target.js';
import { quoted } from '../domain/text.js';
import { defineCommand } from '../framework/command.js';
import { CommandError } from '../framework/errors.js';

export default defineCommand({
  help: 'Open a sandbox with realistic users, groups and permissions, and guided lessons',
  description:
    'The sandbox is an embedded database of its own (in accessctl/demo of your data folder, or --data-dir),\n' +
    'never your configured database and never a server. The first run builds it; --reset builds it again.\n' +
    'On a terminal the console opens on it with a lesson (`accessctl lessons` lists them).\n' +
    '--print writes its content as an access file, to start your own from.',
  options: {
    reset: { type: 'boolean', help: 'build the sandbox again (its changes and lesson progress are lost)' },
    print: { type: 'boolean', help: 'write the demo content as an access file (the format of export) and exit' },
    lesson: { type: 'string', metavar: 'NAME|FILE', help: 'the lesson to start: a built-in one by name, or a lesson file' },
  },
  async handle(ctx) {
    const { options, env, stdout, stderr, verbosity } = ctx;
    if (options.print) {
      const [{ serializeAccessDocument }, { demoDocument }] = await Promise.all([import('../domain/access-file/serialize.js'), import('../domain/demo/content.js')]);
      stdout.write(serializeAccessDocument(demoDocument(), 'yaml'), undefined, '');
      return;
    }
    if (options.databaseUrl || env.DATABASE_URL) {
      const source = options.databaseUrl ? '--database-url' : 'DATABASE_URL';
      throw new CommandError(`the demo runs only on its own embedded sandbox, never on a server: drop ${source} (use --data-dir to choose the sandbox's folder)`, 2);
    }
    const { openLesson } = await import('./_lessons.js');
    const lesson = options.lesson !== undefined ? await openLesson(options.lesson) : undefined;
    const target = demoTarget(options, env, process.cwd());
    const db = await ctx.services.database(target);
    const sandbox = await import('../db/demo-sandbox.js');
    const kind = await sandbox.sandboxKind(db.sql);
    if (kind === 'other') {
      throw new CommandError(`${quoted(target.dataDir)} holds a database that is not a demo sandbox; the demo never changes it (choose another --data-dir)`);
    }
    if (kind === 'empty' || options.reset) {
      const { recordOrigin } = await import('../framework/record-origin.js');
      const journal = { origin: recordOrigin(ctx, db, { kind: 'command' }, undefined), changeLog: 'required' as const };
      await (kind === 'empty' ? sandbox.buildSandbox(db.sql, journal) : sandbox.resetSandbox(db.sql, journal));
      if (verbosity >= 1) stderr.write(`${kind === 'empty' ? 'Built' : 'Rebuilt'} the demo sandbox in ${quoted(target.dataDir)}.`, 'SUCCESS');
    }
    if (!ctx.interactive || !process.stdout.isTTY) {
      if (verbosity >= 1) stderr.write(`The sandbox is ready. On a terminal, \`accessctl demo\` opens the console on it with a lesson.`);
      return;
    }
    const { startConsoleWithLesson } = await import('./_lessons.js');
    return startConsoleWithLesson(ctx, db, lesson);
  },
});
