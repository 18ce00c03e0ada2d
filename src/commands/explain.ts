import { explainAccess } from '../domain/explain.js';
import { defineCommand } from '../framework/command.js';
import { explainLines } from '../ui/explain-text.js';

export default defineCommand({
  help: 'Explain why a user holds a permission, or does not: every path (direct, group, superuser) and what blocks it',
  description:
    "By Django's rules (ModelBackend.has_perm): an inactive user holds nothing; an active superuser holds every\n" +
    'permission; otherwise a user holds the permissions granted directly and those of their groups.\n' +
    "In the console, w on a user's screen asks the same for a permission you choose.",
  arguments: [
    { name: 'username', help: 'the user' },
    { name: 'permission', help: 'the permission, APP_LABEL:MODEL:CODENAME' },
  ],
  options: {
    json: { type: 'boolean', help: 'print the answer as JSON: holds, paths, blockedBy' },
  },
  async handle({ args, options, services, stdout }) {
    const db = await services.database();
    const { user, permission, access } = await explainAccess(db.access, args.username!, args.permission!);
    if (options.json) stdout.write(JSON.stringify({ user: user.username, permission, ...access }, null, 2));
    else stdout.write(explainLines(user, permission, access).join('\n'));
  },
});
