import { isIdentifier } from './permission-ref.js';
import { hasUnsafeCharacters, quoted } from './text.js';

/**
 * Django's limits and validators for the names accessctl writes. Usernames follow Django's
 * UnicodeUsernameValidator. Django does not validate group names, emails beyond their form, or
 * permission names; accessctl refuses, in new ones, the characters that would change what a terminal
 * shows (control characters, C1, bidi overrides, line separators, zero-width marks): see text.ts.
 */
const USERNAME = /^[\p{L}\p{N}_.@+-]+$/u;
// The usual ASCII username, answered without the Unicode classes (checked for every user of a file).
const ASCII_USERNAME = /^[A-Za-z0-9_.@+-]+$/;

/** Characters (code points) beyond `limit`: a string's UTF-16 length is never below its count of them. */
const longerThan = (text: string, limit: number) => text.length > limit && [...text].length > limit;

export function usernameProblem(username: string): string | undefined {
  if (username === '') return 'invalid username "": it must not be empty';
  if (longerThan(username, 150)) return `invalid username ${quoted(username)}: longer than 150 characters`;
  if (!ASCII_USERNAME.test(username) && !USERNAME.test(username)) return `invalid username ${quoted(username)}: use only letters, digits and @ . + - _`;
  return undefined;
}

export function emailProblem(email: string): string | undefined {
  if (longerThan(email, 254)) return `invalid email ${quoted(email)}: longer than 254 characters`;
  if (/\s/.test(email)) return `invalid email ${quoted(email)}: it must not contain spaces`;
  return undefined;
}

/** For the email of a user about to be created. */
export function newEmailProblem(email: string): string | undefined {
  if (hasUnsafeCharacters(email)) return `invalid email ${quoted(email)}: it must not contain control or bidirectional-override characters`;
  return undefined;
}

/** For any group named (one that exists may be removed or edited whatever its name). */
export function groupNameProblem(name: string): string | undefined {
  if (name.trim() === '') return `invalid group name ${quoted(name)}: it must not be empty`;
  if (longerThan(name, 150)) return `invalid group name ${quoted(name)}: longer than 150 characters`;
  return undefined;
}

/** For a group name about to be written (a new group, or a rename). */
export function newGroupNameProblem(name: string): string | undefined {
  const problem = groupNameProblem(name);
  if (problem) return problem;
  if (hasUnsafeCharacters(name)) return `invalid group name ${quoted(name)}: it must not contain control or bidirectional-override characters`;
  if (name !== name.trim()) return `invalid group name ${quoted(name)}: it must not start or end with spaces`;
  return undefined;
}

/**
 * For a permission about to be written: the parts fit Django's columns, and the name is printable.
 * A ref in the short form APP_LABEL.CODENAME names no model (the catalogue finds it): only the parts
 * it names are checked.
 */
export function permissionPartsProblem(ref: { appLabel: string; model?: string; codename: string; given: string }, name?: string): string | undefined {
  const model = ref.model;
  if (longerThan(ref.appLabel, 100) || (model !== undefined && longerThan(model, 100)) || longerThan(ref.codename, 100)) {
    return `invalid permission ${quoted(ref.given)}: app label, model and codename are at most 100 characters each`;
  }
  if (!isIdentifier(ref.appLabel) || (model !== undefined && !isIdentifier(model))) {
    return `invalid permission ${quoted(ref.given)}: the app label and the model must be Python identifiers, as Django requires`;
  }
  if (hasUnsafeCharacters(ref.codename) || /\s/.test(ref.codename)) {
    return `invalid permission ${quoted(ref.given)}: the codename must not contain spaces, control or bidirectional-override characters`;
  }
  if (name !== undefined && longerThan(name, 255)) return `invalid permission name ${quoted(name)}: longer than 255 characters`;
  if (name !== undefined && name.trim() === '') return `invalid permission name ${quoted(name)}: it must not be empty`;
  if (name !== undefined && hasUnsafeCharacters(name)) return `invalid permission name ${quoted(name)}: it must not contain control or bidirectional-override characters`;
  return undefined;
}

/** Django's EmailValidator, in short: LOCAL@DOMAIN, the domain with a dot (or localhost). An empty email is allowed (blank=True). */
export function emailFormatProblem(email: string): string | undefined {
  const length = emailProblem(email);
  if (length || email === '') return length;
  const at = email.lastIndexOf('@');
  const domain = email.slice(at + 1);
  if (at <= 0 || !domain || !(domain === 'localhost' || /^[^.@]+(\.[^.@]+)+$/.test(domain)))
    return `invalid email ${quoted(email)}: expected an address like name@example.com`;
  return undefined;
}

/** A first or last name of a new user: Django's 150 characters, nothing that changes what a terminal shows. */
export function personNameProblem(what: 'first name' | 'last name', value: string): string | undefined {
  if (longerThan(value, 150)) return `invalid ${what} ${quoted(value)}: longer than 150 characters`;
  if (hasUnsafeCharacters(value)) return `invalid ${what} ${quoted(value)}: it must not contain control or bidirectional-override characters`;
  return undefined;
}

/** Django's AbstractBaseUser.normalize_username: NFKC, so that `ﬁle` and `file` are one user. */
export function normalizeUsername(username: string): string {
  return username.normalize('NFKC');
}
