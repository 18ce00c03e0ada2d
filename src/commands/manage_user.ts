import { normalizeUsername } from '../domain/names.js';
import type { PasswordSpec } from '../domain/plan/desired-state.js';
import { UsageError } from '../framework/errors.js';
import { strictMode } from '../framework/settings.js';
import { definePlanCommand } from '../framework/plan-command.js';
import { HASH_ENV, initialPasswordHash } from './_password-hash.js';

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
    initialPasswordHash: { type: 'string', metavar: 'HASH', help: 'a Django password hash for a new user (never used for an existing one; visible in ps)' },
    initialPasswordHashFile: { type: 'string', metavar: 'FILE', help: `read the hash from FILE (- for standard input); or set $${HASH_ENV}` },
    strict: { type: 'boolean', help: 'a missing group is an error that changes nothing (also $ACCESSCTL_STRICT=1, or "strict": true in package.json\'s "accessctl")' },
  },
  async plan(ctx) {
    const { options } = ctx;
    if (options.remove) {
      const flags: [keyof typeof options, string][] = [
        ['staff', '--staff'],
        ['superuser', '--superuser'],
        ['groups', '-g'],
        ['unusablePassword', '--unusable-password'],
        ['initialPasswordHash', '--initial-password-hash'],
        ['initialPasswordHashFile', '--initial-password-hash-file'],
      ];
      const given = (value: unknown) => value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0);
      const conflicting = flags.filter(([key]) => given(options[key]));
      if (conflicting.length) throw new UsageError(`--remove removes the user: it cannot go with ${conflicting.map(([, flag]) => flag).join(', ')}`);
    }
    const hash = options.remove ? undefined : await initialPasswordHash(ctx);
    const password: PasswordSpec | undefined = options.unusablePassword ? { unusable: true } : hash !== undefined ? { initialHash: hash } : undefined;
    return {
      // edx's documented semantics (omitting --superuser demotes) hold: a warning, and the prompt names it.
      lastSuperuser: 'warn',
      permissions: [],
      groups: [],
      users: [
        {
          username: normalizeUsername(ctx.args.username),
          email: ctx.args.email,
          present: !options.remove,
          isStaff: options.staff,
          isSuperuser: options.superuser,
          groups: { exact: options.groups ?? [] },
          password,
          missingGroups: strictMode(ctx) ? 'error' : 'warn',
        },
      ],
    };
  },
});
