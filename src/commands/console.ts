import { defineCommand } from '../framework/command.js';
import { CommandError } from '../framework/errors.js';

export default defineCommand({
  help: 'Open the full-screen console: browse and edit users, groups and permissions, review, apply',
  description: 'Also what `accessctl` with no command opens on a terminal. Press ? in it for the keys.',
  options: {
    readOnly: { type: 'boolean', help: 'browse only: editing is off' },
  },
  async handle({ options, services, interactive, env }) {
    if (!interactive || !process.stdout.isTTY) throw new CommandError('the console needs a terminal; see `accessctl help` for the commands', 2);
    const db = await services.database();
    // Ink and React load only here: the other commands start without them.
    const [{ runConsole }, { databaseBackend }] = await Promise.all([import('../ui/console/run.js'), import('../ui/console/backend.js')]);
    const color = !options.noColor && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
    const reason = await runConsole({ backend: databaseBackend(db), readOnly: Boolean(options.readOnly), color });
    return reason === 'interrupted' ? 130 : 0;
  },
});
