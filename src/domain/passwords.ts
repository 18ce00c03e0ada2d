import { pbkdf2Sync, randomBytes, randomInt } from 'node:crypto';

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Django's get_random_string: characters drawn from the OS CSPRNG. */
function randomString(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

/**
 * A new user gets a usable password nobody knows, so that a password reset works (Django's reset
 * skips unusable passwords). The secret is 192 random bits: guessing it is hopeless at any hashing
 * speed, so key stretching buys nothing and one PBKDF2 iteration is enough. Django's check_password
 * reads the iteration count from the hash itself, and re-hashes at full strength when the user
 * sets a real password. It costs microseconds, where Django's 260,000 iterations cost ~60 ms.
 */
export function randomPasswordHash(): string {
  const secret = randomBytes(24).toString('base64url');
  const salt = randomString(22);
  const iterations = 1;
  const hash = pbkdf2Sync(secret, salt, iterations, 32, 'sha256').toString('base64');
  return `pbkdf2_sha256$${iterations}$${salt}$${hash}`;
}

/** Django's make_password(None): the '!' prefix and 40 random characters. */
export function unusablePassword(): string {
  return `!${randomString(40)}`;
}

const B64 = '[A-Za-z0-9+/]';
const SALT = '[^$]+';
const BCRYPT = '\\$2[abxy]?\\$\\d{2}\\$[./A-Za-z0-9]{53}';

/** The layouts Django's hashers write, by algorithm (django.contrib.auth.hashers). */
const HASH_FORMATS: RegExp[] = [
  new RegExp(`^pbkdf2_sha256\\$[1-9]\\d*\\$${SALT}\\$${B64}{43}=$`),
  new RegExp(`^pbkdf2_sha1\\$[1-9]\\d*\\$${SALT}\\$${B64}{27}=$`),
  new RegExp(`^argon2\\$argon2(id|i|d)\\$(v=\\d+\\$)?m=\\d+,t=\\d+,p=\\d+\\$${B64}+\\$${B64}+$`),
  new RegExp(`^bcrypt_sha256\\$${BCRYPT}$`),
  new RegExp(`^bcrypt\\$${BCRYPT}$`),
  new RegExp(`^scrypt\\$[1-9]\\d*\\$${SALT}\\$[1-9]\\d*\\$[1-9]\\d*\\$${B64}+={0,2}$`),
  /^sha1\$[^$]*\$[0-9a-f]{40}$/,
  /^md5\$[^$]*\$[0-9a-f]{32}$/,
  /^[0-9a-f]{32}$/, // unsalted_md5, as Django's oldest hashes were stored
  /^crypt\$[^$]*\$[./A-Za-z0-9]{13}$/,
];

/** True for a usable Django password hash that fits auth_user.password (128 characters). */
export function isDjangoPasswordHash(value: string): boolean {
  return value.length <= 128 && HASH_FORMATS.some((format) => format.test(value));
}
