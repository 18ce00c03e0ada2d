import { quoted } from '../../domain/text.js';
import { useConsole } from './context.js';

/** Whether a name for a new user or group is free: not in the database, not pending creation. */
export function useNameCheck(kind: 'user' | 'group') {
  const app = useConsole();
  const pending = (name: string) =>
    app.edits.some((e) => (kind === 'user' ? e.kind === 'user.create' && e.username === name : e.kind === 'group.create' && e.group === name));
  const takenMessage = (name: string) => `${kind === 'user' ? 'username' : 'group name'} ${quoted(name)} is taken`;
  return {
    /** What can be said at once, while typing. */
    problem: (name: string) => (pending(name) ? `${takenMessage(name)} (by a pending new ${kind})` : undefined),
    /** Asks the database too; a read that fails is reported and refuses the name. */
    async check(name: string): Promise<string | undefined> {
      if (pending(name)) return `${takenMessage(name)} (by a pending new ${kind})`;
      try {
        const exists = kind === 'user' ? await app.backend.userExists(name) : await app.backend.groupExists(name);
        return exists ? takenMessage(name) : undefined;
      } catch (error) {
        app.fail(error as Error);
        return `could not check the ${kind} name: the database did not answer`;
      }
    },
  };
}
