/** Django's limits and validators for the names accessctl writes. */
const USERNAME = /^[\p{L}\p{N}_.@+-]+$/u;

const show = (value: string) => JSON.stringify(value);

export function usernameProblem(username: string): string | undefined {
  if (username === '') return 'invalid username "": it must not be empty';
  if ([...username].length > 150) return `invalid username ${show(username)}: longer than 150 characters`;
  if (!USERNAME.test(username)) return `invalid username ${show(username)}: use only letters, digits and @ . + - _`;
  return undefined;
}

export function emailProblem(email: string): string | undefined {
  if ([...email].length > 254) return `invalid email ${show(email)}: longer than 254 characters`;
  if (/\s/.test(email)) return `invalid email ${show(email)}: it must not contain spaces`;
  return undefined;
}

export function groupNameProblem(name: string): string | undefined {
  if (name.trim() === '') return `invalid group name ${show(name)}: it must not be empty`;
  if ([...name].length > 150) return `invalid group name ${show(name)}: longer than 150 characters`;
  return undefined;
}

export function permissionPartsProblem(ref: { appLabel: string; model: string; codename: string; given: string }, name?: string): string | undefined {
  if ([...ref.appLabel].length > 100 || [...ref.model].length > 100 || [...ref.codename].length > 100) {
    return `invalid permission ${show(ref.given)}: app label, model and codename are at most 100 characters each`;
  }
  if (name !== undefined && [...name].length > 255) return `invalid permission name ${show(name)}: longer than 255 characters`;
  if (name !== undefined && name.trim() === '') return `invalid permission name ${show(name)}: it must not be empty`;
  return undefined;
}

/** Django's EmailValidator, in short: LOCAL@DOMAIN, the domain with a dot (or localhost). An empty email is allowed (blank=True). */
export function emailFormatProblem(email: string): string | undefined {
  const length = emailProblem(email);
  if (length || email === '') return length;
  const at = email.lastIndexOf('@');
  const domain = email.slice(at + 1);
  if (at <= 0 || !domain || !(domain === 'localhost' || /^[^.@]+(\.[^.@]+)+$/.test(domain))) return `invalid email ${show(email)}: expected an address like name@example.com`;
  return undefined;
}

/** Django's AbstractBaseUser.normalize_username: NFKC, so that `ﬁle` and `file` are one user. */
export function normalizeUsername(username: string): string {
  return username.normalize('NFKC');
}
