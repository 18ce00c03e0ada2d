import { printable } from '../domain/text.js';
import { defineCommand } from '../framework/command.js';
import { UsageError } from '../framework/errors.js';
import { commandHelp } from '../framework/help-text.js';
import { nearestName } from '../framework/discovery.js';

export default defineCommand({
  help: 'List the commands, or show the help of one',
  arguments: [{ name: 'command', help: 'the command to describe', optional: true }],
  async handle({ args, stdout, services }) {
    if (args.command) {
      const entry = services.commands.get(args.command);
      if (!entry) {
        const near = nearestName(args.command, services.commands.keys());
        throw new UsageError(`unknown command '${printable(args.command)}'${near ? ` (did you mean '${near}'?)` : ''}`);
      }
      stdout.write(commandHelp(await entry.load()));
      return;
    }
    const lines = [
      'accessctl: Django users, groups and permissions in PostgreSQL. Every change is shown before it is made.',
      '',
      "Usage: accessctl COMMAND [options]    ('accessctl help COMMAND' for one command's options)",
      '',
      'Commands:',
    ];
    const entries = [...services.commands.values()].sort((a, b) => a.name.localeCompare(b.name));
    const loaded = await Promise.all(entries.map(async (e) => ({ entry: e, command: await e.load().catch(() => undefined) })));
    const width = Math.max(...entries.map((e) => e.name.length)) + 2;
    for (const { entry, command } of loaded) {
      const origin = entry.origin === 'built-in' ? '' : `  [${entry.origin}]`;
      lines.push(`  ${entry.name.padEnd(width)}${command?.help ?? '(could not be loaded)'}${origin}`);
    }
    lines.push(
      '',
      'The database: --database-url URL (or DATABASE_URL) names a PostgreSQL server; without one, an',
      'embedded database in --data-dir (or ACCESSCTL_DATA_DIR, else $XDG_DATA_HOME/accessctl) is used,',
      'kept open for the next command by a background process for ACCESSCTL_KEEP_OPEN seconds (default 60;',
      '0: opened and closed by each command).',
    );
    stdout.write(lines.join('\n'));
  },
});
