import { normalizeUsername } from '../domain/names.js';
import type { PasswordSpec } from '../domain/plan/desired-state.js';
import { definePlanCommand } from '../framework/plan-command.js';

export default definePlanCommand({
  help: 'Ensure a user exists with exactly the given flags and groups, or remove it',
  description:
    'Creates the user if missing (active, with a random usable password unless --initial-password-hash is given).\n' +
    'An existing user must have the given email (case aside); it is never changed. is_staff and is_superuser are set\n' +
    'exactly as given, and the groups exactly to those listed that exist (a missing group is a warning).',
  arguments: [
    { name: 'username', help: "the username (Django's rules: at most 150 letters, digits and @ . + - _)" },
    { name: 'email', help: 'the email address, which must match an existing user' },
  ],
  options: {
    staff: { type: 'boolean', help: 'the user is staff (omitted: not staff)' },
    superuser: { type: 'boolean', help: 'the user is a superuser (omitted: not)' },
    groups: { type: 'string', shortFlag: 'g', isMultiple: true, metavar: 'GROUP', help: 'the groups the user is in' },
    remove: { type: 'boolean', help: 'remove the user (the email must match)' },
    unusablePassword: { type: 'boolean', help: "make the user's password unusable (never the reverse)" },
    initialPasswordHash: { type: 'string', metavar: 'HASH', help: 'a Django password hash for a new user (never used for an existing one)' },
  },
  async plan(ctx) {
    const { options } = ctx;
    const password: PasswordSpec | undefined = options.unusablePassword
      ? { unusable: true }
      : options.initialPasswordHash !== undefined
        ? { initialHash: options.initialPasswordHash }
        : undefined;
    return {
      permissions: [],
      groups: [],
      users: [
        {
          username: normalizeUsername(ctx.args.username!),
          email: ctx.args.email!,
          present: !options.remove,
          isStaff: Boolean(options.staff),
          isSuperuser: Boolean(options.superuser),
          groups: { exact: options.groups ?? [] },
          password,
          missingGroups: 'warn',
        },
      ],
    };
  },
});
