import { useInput } from 'ink';
import React from 'react';
import { isPlainRun, isText, keyFromInk, splitAltKey, splitRun, type KeyPress } from './key.js';

/**
 * A key handler answers `false` when the key is not its own (the next handler down is asked), and
 * `HOLD` when it is its own but cannot be done yet (the screen is still reading what the key acts
 * on): the key, and every key after it, waits until the screen has drawn again.
 */
export const HOLD = 'hold' as const;
export type KeyAnswer = boolean | void | typeof HOLD;
export type KeyHandler = (key: KeyPress) => KeyAnswer;

/** Layers, outermost first: a key goes to the innermost handler that takes it. */
export const LAYER = { app: 0, screen: 1, panel: 2, field: 3 } as const;

/** After this long on hold, Esc drops the held keys (a screen that never finishes reading must not trap the person). */
export const HOLD_ESCAPE_MS = 1000;

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
  /** A keyed component drew again: a key on hold may now be taken. */
  retry(): void;
}

const RouterContext = React.createContext<Router | null>(null);

/** True inside a KeyRouter (the console nests in the one its opening screen set up). */
export const useHasKeyRouter = () => React.useContext(RouterContext) !== null;

export interface KeyRouterProps {
  children: React.ReactNode;
  /** Called once per key, after what it did is on screen. */
  onKeyHandled?: () => void;
}

/**
 * Every key reaches the console through here, one at a time and in order. Ink hands a chunk of
 * plain text ("jjjj", three tabs) over as one event; the router splits it into keys and delivers
 * each only after React has committed what the previous one did, so that every key meets the
 * screen, cursor and handlers its predecessor left (a Tab then `j` moves in the new section). A key
 * that arrives before the screen it is meant for has read its data is held, not lost (Enter then
 * `s` at once stages the flag of the user opened).
 */
export function KeyRouter({ children, onKeyHandled }: KeyRouterProps) {
  const registrations = React.useRef(new Set<Registration>());
  const queue = React.useRef<Queued[]>([]);
  const delivered = React.useRef(0);
  const runs = React.useRef(0);
  const seq = React.useRef(0);
  /** When the key at the head of the queue was first held (undefined: none is). */
  const heldSince = React.useRef<number | undefined>(undefined);
  const retryScheduled = React.useRef(false);
  const [tick, setTick] = React.useState(0);
  const reportHandled = React.useRef(onKeyHandled);
  React.useLayoutEffect(() => {
    reportHandled.current = onKeyHandled;
  });

  const { deliverNext, router } = React.useMemo(() => {
    const handlersInOrder = () => [...registrations.current].sort((a, b) => b.layer - a.layer || b.seq - a.seq);

    const deliverNext = () => {
      const head = queue.current[0];
      if (!head || delivered.current > 0) return;
      const handlers = handlersInOrder();
      let key = head.key;
      let taken = 1;
      // A text field takes the rest of a typed run at once: a paste stays one text.
      if (handlers[0]?.text && head.run !== undefined && isText(key)) {
        for (let next = queue.current[taken]; next?.run === head.run && isText(next.key); next = queue.current[++taken]) {
          key = { ...key, input: key.input + next.key.input, name: undefined };
        }
      }
      for (const handler of handlers) {
        const answer = handler.handle(key);
        if (answer === HOLD) {
          heldSince.current ??= Date.now();
          return;
        }
        if (answer !== false) break;
      }
      heldSince.current = undefined;
      queue.current.splice(0, taken);
      delivered.current++;
      setTick((t) => t + 1);
    };

    const router: Router = {
      add: (r) => registrations.current.add(r),
      remove: (r) => {
        registrations.current.delete(r);
        router.retry();
      },
      nextSeq: () => ++seq.current,
      retry: () => {
        if (heldSince.current === undefined || retryScheduled.current) return;
        retryScheduled.current = true;
        // After the whole commit, so that every handler is the one just drawn.
        queueMicrotask(() => {
          retryScheduled.current = false;
          deliverNext();
        });
      },
    };
    return { deliverNext, router };
  }, []);

  useInput((input, inkKey) => {
    const keys = isPlainRun(input) ? splitRun(input) : splitAltKey(keyFromInk(input, inkKey));
    const run = keys.length > 1 ? ++runs.current : undefined;
    for (const key of keys) {
      // Ctrl+C is never kept waiting, nor is Esc once a hold has lasted: what was held is dropped.
      const held = heldSince.current;
      if (held !== undefined && (key.input === '^c' || (key.name === 'escape' && Date.now() - held >= HOLD_ESCAPE_MS))) {
        queue.current = [];
        heldSince.current = undefined;
      }
      queue.current.push({ key, run });
    }
    deliverNext();
  });

  // After the commit a key caused: report it, then deliver the next one to the handlers now in place.
  React.useLayoutEffect(() => {
    if (delivered.current === 0) return;
    const handled = delivered.current;
    delivered.current = 0;
    for (let i = 0; i < handled; i++) reportHandled.current?.();
    deliverNext();
  }, [tick, deliverNext]);

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
    router.retry();
  });
  const { isActive = true, layer, text = false } = options;
  React.useLayoutEffect(() => {
    if (!isActive) return;
    const registration: Registration = { layer, text, seq: router.nextSeq(), handle: (key) => latest.current(key) };
    router.add(registration);
    return () => router.remove(registration);
  }, [router, isActive, layer, text]);
}
