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
