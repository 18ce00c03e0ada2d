import { render } from 'ink-testing-library';
import React from 'react';
import { Database } from '../../src/db/database.js';
import { ConsoleApp, type ConsoleExit } from '../../src/ui/console/app.js';
import { backendOf, type ConsoleBackend } from '../../src/ui/console/backend.js';
import { KeyRouter } from '../../src/ui/console/keys/router.js';
import { testJournal } from './journal.js';
import { embeddedTarget, run, type Target } from './targets.js';

export const KEY = {
  enter: '\r',
  down: '\u001b[B',
  up: '\u001b[A',
  right: '\u001b[C',
  escape: '\u001b',
  tab: '\t',
  backspace: '\u007f',
  ctrlC: '\u0003',
  ctrlU: '\u0015',
  ctrlR: '\u0012',
  pageDown: '\u001b[6~',
  home: '\u001b[H',
  end: '\u001b[F',
};

/** A Django-fixture database with a few users and groups, opened for the console in this process. */
export async function consoleDatabase(): Promise<{ target: Target; db: Database }> {
  const target = await embeddedTarget('django');
  await run(target, ['manage_group', 'editors', '-p', 'myapp:Thing:add_thing', 'myapp:Thing:change_thing', '--yes']);
  await run(target, ['manage_group', 'viewers', '-p', 'myapp:Thing:view_thing', '--yes']);
  await run(target, ['manage_user', 'groucho', 'groucho@example.com', '--staff', '-g', 'editors', '--yes']);
  await run(target, ['manage_user', 'harpo', 'harpo@example.com', '-g', 'viewers', '--yes']);
  await run(target, ['manage_user', 'chico', 'chico@example.com', '--yes']);
  const db = await Database.open({ kind: 'embedded', dataDir: target.dataDir! });
  return { target, db };
}

/** Conditions waited for, checked at every frame Ink writes and every key the console reports handled. */
class Waiters {
  private waiting = new Set<() => void>();

  check = () => {
    for (const waiter of [...this.waiting]) waiter();
  };

  until(condition: () => boolean, what: () => string, timeout = 20_000): Promise<void> {
    return new Promise((resolve, reject) => {
      if (condition()) return resolve();
      const waiter = () => {
        if (!condition()) return;
        this.waiting.delete(waiter);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting.delete(waiter);
        reject(new Error(what()));
      }, timeout);
      this.waiting.add(waiter);
    });
  }
}

/** Renders a component inside a key router, with the same proof-based `press`, `chunk` and `waitFor` as the console's tests. */
export function renderKeyed(node: React.ReactElement) {
  const waiters = new Waiters();
  const counter = { handled: 0 };
  const ui = render(
    <KeyRouter
      onKeyHandled={() => {
        counter.handled++;
        waiters.check();
      }}
    >
      {node}
    </KeyRouter>,
  );
  return driver(ui, waiters, counter, []);
}

function driver(ui: ReturnType<typeof render>, waiters: Waiters, counter: { handled: number }, exits: ConsoleExit[]) {
  const stdout = ui.stdout as unknown as { write: (frame: string) => void };
  const write = stdout.write;
  stdout.write = (text: string) => {
    write(text);
    waiters.check();
  };
  const frame = () => ui.lastFrame() ?? '';
  const matches = (text: string | RegExp) => (typeof text === 'string' ? frame().includes(text) : text.test(frame()));
  /** Waits for the frame that shows the text (screens read the database asynchronously). */
  const waitFor = async (text: string | RegExp, timeout = 20_000) => {
    await waiters.until(
      () => matches(text),
      () => `timed out waiting for ${text}; the frame is:\n${frame()}`,
      timeout,
    );
    return frame();
  };
  /**
   * Sends keys, each as its own chunk, and waits until each one is handled (its effect committed
   * and drawn): the proof a key landed, rather than a pause.
   */
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      const target = counter.handled + 1;
      const exited = exits.length;
      ui.stdin.write(key);
      // A key that quits is proven by the exit (nothing is drawn after it).
      await waiters.until(
        () => counter.handled >= target || exits.length > exited,
        () => `key ${JSON.stringify(key)} was not handled; the frame is:\n${frame()}`,
      );
    }
  };
  /** Sends keys together, as one chunk (a fast typist, a paste, tmux), and waits until `keys` of them are handled. */
  const chunk = async (text: string, keys = [...text].length) => {
    const target = counter.handled + keys;
    ui.stdin.write(text);
    await waiters.until(
      () => counter.handled >= target,
      () => `only ${counter.handled - target + keys} of ${keys} keys of ${JSON.stringify(text)} were handled; the frame is:\n${frame()}`,
    );
  };
  return { ui, frame, waitFor, press, chunk, handledKeys: () => counter.handled };
}

export function renderConsole(db: Database | ConsoleBackend, options: { readOnly?: boolean; columns?: number; rows?: number } = {}) {
  const exits: ConsoleExit[] = [];
  const waiters = new Waiters();
  const counter = { handled: 0 };
  const backend = db instanceof Database ? backendOf(db.browse, db.recordedAccess(testJournal()), 'test database', db.changeLog) : db;
  const ui = render(
    <ConsoleApp
      backend={backend}
      readOnly={options.readOnly}
      color={false}
      size={{ columns: options.columns ?? 80, rows: options.rows ?? 24 }}
      onExit={(reason) => {
        exits.push(reason);
        waiters.check();
      }}
      onKeyHandled={() => {
        counter.handled++;
        waiters.check();
      }}
    />,
  );
  return { ...driver(ui, waiters, counter, exits), exits };
}
