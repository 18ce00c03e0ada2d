import { createHash, pbkdf2Sync } from 'node:crypto';
import { accessDocument, withNameMaps } from '../access-file/document.js';
import { toDesiredState } from '../access-file/to-desired.js';
import type { DesiredState } from '../plan/desired-state.js';
import { demoDocument } from './content.js';

/**
 * A usable password hash that is the same in every build (a random one would make two sandboxes
 * differ). Nobody is meant to log in to a sandbox: the password is derived, not published.
 */
export function demoPasswordHash(username: string): string {
  const salt = createHash('sha256').update(`accessctl-demo-salt:${username}`).digest('hex').slice(0, 22);
  const secret = createHash('sha256').update(`accessctl-demo-secret:${username}`).digest('base64url');
  return `pbkdf2_sha256$1$${salt}$${pbkdf2Sync(secret, salt, 1, 32, 'sha256').toString('base64')}`;
}

/** The desired state that builds the sandbox through the plan engine, like any access file. */
export function demoDesiredState(): DesiredState {
  const { desired, problems } = toDesiredState(accessDocument.parse(withNameMaps(demoDocument())));
  if (problems.length) throw new Error(`the demo content is invalid: ${problems.map((p) => p.message).join('; ')}`);
  return { ...desired, users: desired.users.map((user) => ({ ...user, password: { initialHash: demoPasswordHash(user.username) } })) };
}
