import { render } from 'ink-testing-library';
import React from 'react';
import { Database } from '../../src/db/database.js';
import { ConsoleApp, type ConsoleExit } from '../../src/ui/console/app.js';
import { backendOf } from '../../src/ui/console/backend.js';
import { testJournal } from './journal.js';
import { embeddedTarget, run, type Target } from './targets.js';

export const KEY = { enter: '\r', down: '\u001b[B', up: '\u001b[A', escape: '\u001b', tab: '\t', backspace: '\u007f', ctrlC: '\u0003' };

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

export function renderConsole(db: Database, options: { readOnly?: boolean; columns?: number; rows?: number } = {}) {
  const exits: ConsoleExit[] = [];
  const ui = render(
    <ConsoleApp
      backend={backendOf(db.browse, db.recordedAccess(testJournal()), 'test database', db.changeLog)}
      readOnly={options.readOnly}
      color={false}
      size={{ columns: options.columns ?? 80, rows: options.rows ?? 24 }}
      onExit={(reason) => exits.push(reason)}
    />,
  );
  const frame = () => ui.lastFrame() ?? '';
  /** Waits until the frame shows the text (screens load from the database asynchronously). */
  const waitFor = async (text: string | RegExp, timeout = 5000) => {
    const deadline = Date.now() + timeout;
    for (;;) {
      const current = frame();
      if (typeof text === 'string' ? current.includes(text) : text.test(current)) return current;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${text}; the frame is:\n${current}`);
      await new Promise((r) => setTimeout(r, 15));
    }
  };
  // Ink registers a screen's key handler in an effect, just after the frame is drawn: a key sent
  // in that instant would reach the previous handler. People (and tmux) are never that fast.
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      await new Promise((r) => setTimeout(r, 25));
      ui.stdin.write(key);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { ui, frame, waitFor, press, exits };
}
