import { accessTo, type PermissionAccess } from './access-paths.js';
import { InvalidInput } from './errors.js';
import { formatPermission, parsePermissionRef, permissionKey, type PermissionRef } from './permission-ref.js';
import type { CatalogueEntry, CurrentUser } from './plan/current-state.js';
import type { StateReader } from './ports.js';
import { quoted } from './text.js';

export interface Explanation {
  user: CurrentUser;
  /** The permission's key, APP_LABEL:MODEL:CODENAME as stored. */
  permission: string;
  access: PermissionAccess;
}

/**
 * The model a permission ref names: its own, or for the has_perm form (APP_LABEL.CODENAME) the one
 * model of the app whose permission has that codename; an ambiguous or unknown short form is refused.
 */
export function modelOf(ref: PermissionRef, catalogue: readonly CatalogueEntry[]): string {
  if (ref.model !== undefined) return ref.model;
  const matches = catalogue.filter((entry) => entry.appLabel === ref.appLabel && entry.codename === ref.codename);
  const model = matches.length === 1 ? matches[0]?.model : undefined;
  if (model === undefined) {
    throw new InvalidInput([
      matches.length > 1
        ? `ambiguous permission ${quoted(ref.given)}: name one: ${matches.map((m) => formatPermission(permissionKey({ appLabel: m.appLabel, model: m.model, codename: ref.codename }))).join(', ')}`
        : `invalid permission ${quoted(ref.given)}: app ${quoted(ref.appLabel)} has no permission ${quoted(ref.codename)}`,
    ]);
  }
  return model;
}

/** Why `username` holds `permission` or not (Django's rules); refuses an unknown user or permission. */
export async function explainAccess(store: StateReader, username: string, permission: string): Promise<Explanation> {
  const ref = parsePermissionRef(permission);
  if (typeof ref === 'string') throw new InvalidInput([ref]);
  const state = await store.readState({ usernames: [username], groupNames: [], appLabels: [ref.appLabel] });
  const model = modelOf(ref, state.catalogue);
  const key = permissionKey({ ...ref, model });
  const user = state.users.get(username);
  if (!user) throw new InvalidInput([`no user named ${quoted(username)}`]);
  const catalogue = state.catalogue;
  if (!catalogue.some((entry) => entry.codename && permissionKey({ ...entry, codename: entry.codename }) === key)) {
    const reason = !catalogue.length
      ? `no installed app with label ${quoted(ref.appLabel)}`
      : !catalogue.some((entry) => entry.model === ref.model)
        ? `app ${quoted(ref.appLabel)} has no model ${quoted(ref.model)}`
        : `no permission ${quoted(ref.codename)} on model ${quoted(`${ref.appLabel}.${ref.model}`)}`;
    throw new InvalidInput([`invalid permission ${quoted(ref.given)}: ${reason}`]);
  }
  const { groups } = await store.readState({ usernames: [], groupNames: [...user.groups], appLabels: [] });
  return { user, permission: key, access: accessTo(user, key, (group) => groups.get(group)?.permissions) };
}
