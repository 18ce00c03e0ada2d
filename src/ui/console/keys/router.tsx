import { useInput } from 'ink';
import React from 'react';
import { isPlainRun, isText, keyFromInk, splitRun, type KeyPress } from './key.js';

/** A key handler answers `false` when the key is not its own: the next handler down is asked. */
export type KeyHandler = (key: KeyPress) => boolean | void;

/** Layers, outermost first: a key goes to the innermost handler that takes it. */
export const LAYER = { app: 0, screen: 1, panel: 2, field: 3 } as const;

interface Registration {
  layer: number;
  /** A text field: it takes a run of typed text whole (a paste stays one text). */
  text: boolean;
  seq: number;
  handle: KeyHandler;
}

interface Queued {
  key: KeyPress;
  /** Characters of one chunk of plain text share a run number. */
  run?: number;
}

interface Router {
  add(registration: Registration): void;
  remove(registration: Registration): void;
  nextSeq(): number;
}

const RouterContext = React.createContext<Router | null>(null);

/**
 * Every key reaches the console through here, one at a time and in order. Ink hands a chunk of
 * plain text ("jjjj", three tabs) over as one event; the router splits it into keys and delivers
 * each only after React has committed what the previous one did, so that every key meets the
 * screen, cursor and handlers its predecessor left (a Tab then `j` moves in the new section).
 */
export function KeyRouter({ children, onKeyHandled }: { children: React.ReactNode; onKeyHandled?: () => void }) {
  const registrations = React.useRef(new Set<Registration>());
  const queue = React.useRef<Queued[]>([]);
  const delivered = React.useRef(0);
  const runs = React.useRef(0);
  const seq = React.useRef(0);
  const [tick, setTick] = React.useState(0);

  const router = React.useMemo<Router>(
    () => ({
      add: (r) => registrations.current.add(r),
      remove: (r) => registrations.current.delete(r),
      nextSeq: () => ++seq.current,
    }),
    [],
  );

  const handlersInOrder = () => [...registrations.current].sort((a, b) => b.layer - a.layer || b.seq - a.seq);

  const deliverNext = () => {
    const item = queue.current.shift();
    if (!item) return;
    const handlers = handlersInOrder();
    let key = item.key;
    // A text field takes the rest of a typed run at once: a paste stays one text.
    if (handlers[0]?.text && item.run !== undefined && isText(key)) {
      while (queue.current[0]?.run === item.run && isText(queue.current[0].key)) key = { ...key, input: key.input + queue.current.shift()!.key.input, name: undefined };
    }
    for (const handler of handlers) if (handler.handle(key) !== false) break;
    delivered.current++;
    setTick((t) => t + 1);
  };

  useInput((input, inkKey) => {
    if (isPlainRun(input)) {
      const run = ++runs.current;
      for (const key of splitRun(input)) queue.current.push({ key, run });
    } else queue.current.push({ key: keyFromInk(input, inkKey) });
    if (delivered.current === 0) deliverNext();
  });

  // After the commit a key caused: report it, then deliver the next one to the handlers now in place.
  React.useLayoutEffect(() => {
    if (delivered.current === 0) return;
    const handled = delivered.current;
    delivered.current = 0;
    for (let i = 0; i < handled; i++) onKeyHandled?.();
    deliverNext();
  }, [tick]);

  return <RouterContext.Provider value={router}>{children}</RouterContext.Provider>;
}

/**
 * Registers a key handler while `isActive`. The innermost layer is asked first; within a layer,
 * the most recently activated handler.
 */
export function useKeys(handler: KeyHandler, options: { isActive?: boolean; layer: number; text?: boolean }) {
  const router = React.useContext(RouterContext);
  if (!router) throw new Error('useKeys outside a KeyRouter');
  const latest = React.useRef(handler);
  React.useLayoutEffect(() => {
    latest.current = handler;
  });
  const { isActive = true, layer, text = false } = options;
  React.useLayoutEffect(() => {
    if (!isActive) return;
    const registration: Registration = { layer, text, seq: router.nextSeq(), handle: (key) => latest.current(key) };
    router.add(registration);
    return () => router.remove(registration);
  }, [router, isActive, layer, text]);
}
