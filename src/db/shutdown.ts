/**
 * What must run before the process ends on a signal: an embedded database is closed cleanly and its
 * lock released on SIGTERM, SIGHUP or SIGINT, as on a normal exit.
 */
const hooks = new Set<() => Promise<void>>();

export function onShutdown(hook: () => Promise<void>): () => void {
  hooks.add(hook);
  return () => void hooks.delete(hook);
}

/** Runs every hook (at most `timeoutMs` in all); never throws. */
export async function shutdown(timeoutMs = 5000): Promise<void> {
  const all = Promise.allSettled([...hooks].map((hook) => hook()));
  await Promise.race([all, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
}

let interruptsHeld = 0;

/**
 * A child process that owns the terminal (psql) reads Ctrl+C itself, and the terminal sends SIGINT to
 * this process too: until the returned release is called, this process must not end on it.
 */
export function leaveInterruptsToChild(): () => void {
  interruptsHeld++;
  let released = false;
  return () => {
    if (!released) interruptsHeld--;
    released = true;
  };
}

/** Whether SIGINT belongs to a child process now (see leaveInterruptsToChild). */
export const interruptsLeftToChild = () => interruptsHeld > 0;
