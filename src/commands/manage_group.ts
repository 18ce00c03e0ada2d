import { parsePermissionRefs } from '../domain/permission-ref.js';
import { UsageError } from '../framework/errors.js';
import { definePlanCommand } from '../framework/plan-command.js';

export default definePlanCommand({
  help: 'Ensure a group exists with exactly the given permissions, or remove it',
  description:
    'Creates the group if it is missing and sets its permissions to exactly those listed (none without -p).\n' +
    'With --remove, deletes the group with its permission links and memberships; its users stay.',
  arguments: [{ name: 'group', help: 'the group name (at most 150 characters)' }],
  options: {
    permissions: {
      type: 'string',
      shortFlag: 'p',
      isMultiple: true,
      metavar: 'APP_LABEL:MODEL:CODENAME',
      help: 'the permissions the group has (APP_LABEL:MODEL:CODENAME or APP_LABEL.CODENAME)',
    },
    remove: { type: 'boolean', help: 'remove the group' },
  },
  async plan(ctx) {
    const name = ctx.args.group;
    const remove = ctx.options.remove;
    if (remove && ctx.options.permissions.length) throw new UsageError('--remove removes the group: it cannot go with -p');
    const permissions = parsePermissionRefs(ctx.options.permissions ?? []);
    return {
      permissions: [],
      users: [],
      groups: [{ name, present: !remove, permissions: remove ? undefined : { exact: permissions } }],
    };
  },
});
