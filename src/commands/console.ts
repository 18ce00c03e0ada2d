import { defineCommand } from '../framework/command.js';
import { CommandError } from '../framework/errors.js';

export default defineCommand({
  help: 'Open the full-screen console: browse and edit users, groups and permissions, review, apply',
  description: 'Also what `accessctl` with no command opens on a terminal. Press ? in it for the keys.',
  options: {
    readOnly: { type: 'boolean', help: 'browse only: editing is off' },
  },
  async handle({ options, services, env }) {
    // The console reads keys from stdin and draws on stdout: stderr may go to a file.
    if (!process.stdin.isTTY || !process.stdout.isTTY) throw new CommandError('the console needs a terminal; see `accessctl help` for the commands', 2);
    // Ink and React load first, so that the screen shows something while the database opens.
    const { runConsole } = await import('../ui/console/run.js');
    const color = !options.noColor && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
    const server = Boolean(options.databaseUrl ?? env.DATABASE_URL);
    const reason = await runConsole({
      open: () => services.database(),
      opening: server ? 'connecting to the database server…' : 'opening the embedded database…',
      readOnly: Boolean(options.readOnly),
      color,
    });
    return reason === 'interrupted' ? 130 : 0;
  },
});
