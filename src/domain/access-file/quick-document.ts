import type { AccessDocument, AccessUser } from './document.js';

const isPlainMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isOptionalList = (value: unknown) => value === undefined || value === null || isStringList(value);
const isOptionalBoolean = (value: unknown) => value === undefined || typeof value === 'boolean';
const USER_KEYS = new Set(['email', 'staff', 'superuser', 'active', 'groups', 'permissions', 'password']);

function isAccessUser(value: unknown): value is AccessUser {
  if (!isPlainMapping(value) || typeof value.email !== 'string') return false;
  for (const key of Object.keys(value)) if (!USER_KEYS.has(key)) return false;
  if (!isOptionalBoolean(value.staff) || !isOptionalBoolean(value.superuser) || !isOptionalBoolean(value.active)) return false;
  if (!isOptionalList(value.groups) || !isOptionalList(value.permissions)) return false;
  const password = value.password;
  if (password === undefined) return true;
  if (!isPlainMapping(password)) return false;
  const keys = Object.keys(password);
  return keys.length === 1 && (password.unusable === true || typeof password.initial_hash === 'string');
}

/** A mapping of names whose every value passes `check`, as a Map; undefined when one does not. */
function namesOf<T>(value: unknown, check: (entry: unknown) => T | undefined): Map<string, T> | undefined {
  if (!isPlainMapping(value)) return undefined;
  const map = new Map<string, T>();
  for (const key of Object.keys(value)) {
    const entry = check(value[key]);
    if (entry === undefined) return undefined;
    map.set(key, entry);
  }
  return map;
}

/**
 * The parsed file as `accessDocument` reads it, checked by hand: the schema's cold start and
 * checks cost ~0.1 s for 1,000 users and more than the file's reading at 100,000. Undefined when
 * anything differs from the schema (it must accept exactly what the schema accepts: a unit test
 * compares them), and the schema then says what and where.
 */
export function quickAccessDocument(value: unknown): AccessDocument | undefined {
  if (!isPlainMapping(value)) return undefined;
  const document: AccessDocument = {};
  for (const key of Object.keys(value)) {
    const entry = value[key];
    if (key === 'permissions') {
      const catalogue =
        entry === null
          ? null
          : namesOf(entry, (models) =>
              namesOf(models, (codenames) => (codenames === null ? null : namesOf(codenames, (name) => (typeof name === 'string' ? name : undefined)))),
            );
      if (catalogue === undefined) return undefined;
      document.permissions = catalogue;
    } else if (key === 'groups') {
      const groups = entry === null ? null : namesOf(entry, (permissions) => (isOptionalList(permissions) ? (permissions as string[] | null) : undefined));
      if (groups === undefined) return undefined;
      document.groups = groups;
    } else if (key === 'users') {
      const users = entry === null ? null : namesOf(entry, (user) => (isAccessUser(user) ? user : undefined));
      if (users === undefined) return undefined;
      document.users = users;
    } else return undefined;
  }
  return document;
}
