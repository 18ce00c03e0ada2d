import { accessTo } from '../domain/access-paths.js';
import { InvalidInput } from '../domain/errors.js';
import { parsePermissionRef, permissionKey } from '../domain/permission-ref.js';
import { readCurrentState } from '../domain/plan/current-state.js';
import { quoted } from '../domain/text.js';
import { defineCommand } from '../framework/command.js';
import { CommandError } from '../framework/errors.js';
import { explainLines } from '../ui/explain-text.js';

export default defineCommand({
  help: 'Explain why a user holds a permission, or does not: every path (direct, group, superuser) and what blocks it',
  description:
    "By Django's rules (ModelBackend.has_perm): an inactive user holds nothing; an active superuser holds every\n" +
    'permission; otherwise a user holds the permissions granted directly and those of their groups.',
  arguments: [
    { name: 'username', help: 'the user' },
    { name: 'permission', help: 'the permission, APP_LABEL:MODEL:CODENAME' },
  ],
  options: {
    json: { type: 'boolean', help: 'print the answer as JSON: holds, paths, blockedBy' },
  },
  async handle({ args, options, services, stdout }) {
    const username = args.username!;
    const ref = parsePermissionRef(args.permission!);
    if (typeof ref === 'string') throw new InvalidInput([ref]);
    const key = permissionKey(ref);
    const db = await services.database();
    const state = await readCurrentState(db.sql, { usernames: [username], groupNames: [], appLabels: [ref.appLabel] });
    const user = state.users.get(username);
    if (!user) throw new CommandError(`no user named ${quoted(username)}`);
    const catalogue = state.catalogue;
    if (!catalogue.some((entry) => entry.codename && permissionKey({ ...entry, codename: entry.codename }) === key)) {
      const reason = !catalogue.length
        ? `no installed app with label ${quoted(ref.appLabel)}`
        : !catalogue.some((entry) => entry.model === ref.model)
          ? `app ${quoted(ref.appLabel)} has no model ${quoted(ref.model)}`
          : `no permission ${quoted(ref.codename)} on model ${quoted(`${ref.appLabel}.${ref.model}`)}`;
      throw new CommandError(`invalid permission ${quoted(ref.given)}: ${reason}`);
    }
    const { groups } = await readCurrentState(db.sql, { usernames: [], groupNames: [...user.groups], appLabels: [] });
    const access = accessTo(user, key, (group) => groups.get(group)?.permissions);
    if (options.json) stdout.write(JSON.stringify({ user: username, permission: key, ...access }, null, 2));
    else stdout.write(explainLines(user, key, access).join('\n'));
  },
});
