import { UsageError } from '../framework/errors.js';
import { parsePermissionRefs } from '../domain/permission-ref.js';
import { definePlanCommand } from '../framework/plan-command.js';

export default definePlanCommand({
  help: 'Ensure a permission (and its content type) exists, or remove it',
  description:
    'For databases Django did not fill: creates the content type (APP_LABEL, MODEL in lower case) and the permission\n' +
    'if missing. The default name is the one Django writes ("Can add thing"), else the codename. --remove deletes\n' +
    'the permission and every grant of it; the content type stays.',
  arguments: [{ name: 'permission', help: 'APP_LABEL:MODEL:CODENAME (APP_LABEL.CODENAME for an existing one)' }],
  options: {
    name: { type: 'string', metavar: 'TEXT', help: 'the human-readable name (at most 255 characters)' },
    remove: { type: 'boolean', help: 'remove the permission and its grants' },
  },
  async plan(ctx) {
    if (ctx.options.remove && ctx.options.name !== undefined) throw new UsageError('--remove removes the permission: it cannot go with --name');
    return {
      groups: [],
      users: [],
      permissions: parsePermissionRefs([ctx.args.permission]).map((ref) => ({ ref, present: !ctx.options.remove, name: ctx.options.name })),
    };
  },
});
