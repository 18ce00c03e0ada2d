import { InvalidInput } from './errors.js';
import { quoted } from './text.js';

/** A permission named as on the command line: APP_LABEL:MODEL:CODENAME, the model in any case. */
export interface PermissionRef {
  appLabel: string;
  /** Lower case, as Django stores it in django_content_type. */
  model: string;
  codename: string;
  /** What the user wrote, for messages. */
  given: string;
  /** Where it was written, when it came from a file. */
  path?: (string | number)[];
}

/** Django requires app labels (AppConfig.label) and model names (class names) to be Python identifiers. */
export const IDENTIFIER = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;

/** Parses APP_LABEL:MODEL:CODENAME, or returns the problem naming the bad string. */
export function parsePermissionRef(text: string, path?: (string | number)[]): PermissionRef | string {
  const parts = text.split(':');
  if (parts.length !== 3 || parts.some((part) => part.trim() === '')) {
    return `invalid permission ${quoted(text)}: use the form APP_LABEL:MODEL:CODENAME`;
  }
  const [appLabel, model, codename] = parts;
  if (!IDENTIFIER.test(appLabel)) return `invalid permission ${quoted(text)}: the app label ${quoted(appLabel)} is not a Python identifier, as Django requires`;
  if (!IDENTIFIER.test(model)) return `invalid permission ${quoted(text)}: the model ${quoted(model)} is not a Python identifier, as Django requires`;
  return { appLabel, model: model.toLowerCase(), codename, given: text, path };
}

/** The identity of a permission: app label, lower-case model and codename. */
export function permissionKey(ref: { appLabel: string; model: string; codename: string }): string {
  return `${ref.appLabel}:${ref.model}:${ref.codename}`;
}

/** Django's own spelling of a permission (`user.has_perm('myapp.add_thing')`). */
export function djangoPermName(key: string): string {
  const [appLabel, , codename] = key.split(':');
  return `${appLabel}.${codename}`;
}

/** The name Django's migrate gives a default permission ("Can add thing"), else the codename. */
export function defaultPermissionName(model: string, codename: string): string {
  for (const action of ['add', 'change', 'delete', 'view']) {
    if (codename === `${action}_${model}`) return `Can ${action} ${model}`;
  }
  return codename;
}

/** Parses a list of APP_LABEL:MODEL:CODENAME strings; every bad one is reported at once. */
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
