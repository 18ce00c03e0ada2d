import { InvalidInput } from './errors.js';
import { quoted } from './text.js';

/**
 * A permission as a person named it: APP_LABEL:MODEL:CODENAME (the model in any case), or Django's
 * `has_perm` form APP_LABEL.CODENAME, which names no model: planning finds it in the catalogue.
 */
export interface PermissionRef {
  appLabel: string;
  /** Lower case, as Django stores it in django_content_type; undefined in the short form. */
  model?: string;
  codename: string;
  /** What the user wrote, for messages. */
  given: string;
  /** Where it was written, when it came from a file. */
  path?: (string | number)[];
}

/** Django requires app labels (AppConfig.label) and model names (class names) to be Python identifiers. */
const IDENTIFIER = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;
// The usual ASCII identifier, answered without the Unicode classes (a cold start's first uses of them cost ms).
const ASCII_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether a name is a Python identifier, as Django requires of app labels and model names. */
export const isIdentifier = (name: string): boolean => ASCII_IDENTIFIER.test(name) || IDENTIFIER.test(name);

/** A permission ref that names its model: it is a key as it stands. */
export type FullPermissionRef = PermissionRef & { model: string };

/**
 * Parses APP_LABEL:MODEL:CODENAME or APP_LABEL.CODENAME, or returns the problem naming the bad
 * string. The short form splits at the first dot, as Django's has_perm does (an app label has no dot).
 */
export function parsePermissionRef(text: string, path?: (string | number)[]): PermissionRef | string {
  // Messages are made only for a bad string: a file of 100,000 users parses hundreds of thousands of good ones.
  const bad = () => `invalid permission ${quoted(text)}: use the form APP_LABEL:MODEL:CODENAME or APP_LABEL.CODENAME`;
  const notIdentifier = (what: string, value: string) =>
    `invalid permission ${quoted(text)}: the ${what} ${quoted(value)} is not a Python identifier, as Django requires`;
  if (text.includes(':')) {
    const parts = text.split(':');
    if (parts.length !== 3 || parts.some((part) => part.trim() === '')) return bad();
    const [appLabel = '', model = '', codename = ''] = parts;
    if (!isIdentifier(appLabel)) return notIdentifier('app label', appLabel);
    if (!isIdentifier(model)) return notIdentifier('model', model);
    return { appLabel, model: model.toLowerCase(), codename, given: text, path };
  }
  const dot = text.indexOf('.');
  if (dot <= 0 || dot === text.length - 1 || text.slice(0, dot).trim() === '' || text.slice(dot + 1).trim() === '') return bad();
  const appLabel = text.slice(0, dot);
  if (!isIdentifier(appLabel)) return notIdentifier('app label', appLabel);
  return { appLabel, codename: text.slice(dot + 1), given: text, path };
}

/** The identity of a permission: app label, lower-case model and codename. */
export function permissionKey(ref: { appLabel: string; model: string; codename: string }): string {
  return `${ref.appLabel}:${ref.model}:${ref.codename}`;
}

/** Django's has_perm spelling of a key (`myapp.add_thing`), for saying what Django's own check is asked. */
export function djangoPermName(key: string): string {
  const [appLabel, , codename] = splitKey(key);
  return `${appLabel}.${codename}`;
}

/** The ref a permission key stands for (keys come from the database, so they are whole). */
export function refOfKey(key: string): FullPermissionRef {
  const [appLabel, model, codename] = splitKey(key);
  return { appLabel, model, codename, given: key };
}

/** app label, model, codename of a key; the codename keeps any colon it holds. */
export function splitKey(key: string): [string, string, string] {
  const first = key.indexOf(':');
  const second = key.indexOf(':', first + 1);
  return [key.slice(0, first), key.slice(first + 1, second), key.slice(second + 1)];
}

/** The name Django's migrate gives a default permission ("Can add thing"), else the codename. */
export function defaultPermissionName(model: string, codename: string): string {
  for (const action of ['add', 'change', 'delete', 'view']) {
    if (codename === `${action}_${model}`) return `Can ${action} ${model}`;
  }
  return codename;
}

/** Parses a list of permission strings (either form); every bad one is reported at once. */
export function parsePermissionRefs(values: string[]): PermissionRef[] {
  const refs: PermissionRef[] = [];
  const problems: string[] = [];
  for (const value of values) {
    const parsed = parsePermissionRef(value);
    if (typeof parsed === 'string') problems.push(parsed);
    else refs.push(parsed);
  }
  if (problems.length) throw new InvalidInput(problems);
  return refs;
}

/**
 * The one notation every output uses for a permission (plans, console, pickers, graph, export,
 * errors): APP_LABEL:MODEL:CODENAME with the model as Django stores it. It is unambiguous, and every
 * command accepts it as written.
 */
export function formatPermission(key: string): string {
  return key;
}
