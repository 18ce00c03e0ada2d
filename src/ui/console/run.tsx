import { Box, render, Text, useApp } from 'ink';
import React from 'react';
import { printable } from '../../domain/text.js';
import { ConsoleApp, useTerminalSize, type ConsoleExit } from './app.js';
import type { LessonSession } from '../../domain/lessons/session.js';
import type { ConsoleBackend } from './backend.js';
import { HOLD, KeyRouter, LAYER, useKeys } from './keys/router.js';
import { lessonBackend } from './lesson-backend.js';
import { enterConsoleScreen, leaveConsoleScreen } from './splash.js';

export type ConsoleOptions = {
  readOnly: boolean;
  color: boolean;
  /** A lesson in a panel under the screens (the demo). */
  lesson?: LessonSession;
} & (
  | { backend: ConsoleBackend }
  | {
      /** Opens the database and gives its backend; the console is on screen (saying so) while it does. */
      open(): Promise<ConsoleBackend>;
      /** What the screen says while the database opens: "opening the embedded database…". */
      opening: string;
      /** Once it is open: what opening it had to say ("Created the embedded database …"), for the status line. */
      notice?(): string | undefined;
    }
);

/** The console's first screen: drawn before the database is open, so that the screen is never blank. */
function ConsoleRoot({ options, onExit, onOpenError }: { options: ConsoleOptions; onExit(reason: ConsoleExit): void; onOpenError(error: unknown): void }) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const [backend, setBackend] = React.useState<ConsoleBackend | undefined>('backend' in options ? options.backend : undefined);
  // The database opens once, for the options given; what to call when it fails is whatever is current then.
  const latest = React.useRef({ exit, onOpenError });
  React.useLayoutEffect(() => {
    latest.current = { exit, onOpenError };
  });
  React.useEffect(() => {
    if ('backend' in options) return;
    let current = true;
    options.open().then(
      (opened) => current && setBackend(opened),
      (error: unknown) => {
        if (!current) return;
        latest.current.onOpenError(error);
        latest.current.exit();
      },
    );
    return () => {
      current = false;
    };
  }, [options]);
  // One backend for the session: every screen reads again when it changes.
  const { lesson } = options;
  const sessionBackend = React.useMemo(() => (backend && lesson ? lessonBackend(backend, lesson) : backend), [backend, lesson]);
  if (sessionBackend) {
    const notice = 'notice' in options ? options.notice?.() : undefined;
    return <ConsoleApp backend={sessionBackend} readOnly={options.readOnly} color={options.color} onExit={onExit} lesson={options.lesson} notice={notice} />;
  }
  return (
    <Opening
      text={'opening' in options ? options.opening : ''}
      columns={columns}
      rows={rows}
      onQuit={(reason) => {
        onExit(reason);
        exit();
      }}
    />
  );
}

function Opening({ text, columns, rows, onQuit }: { text: string; columns: number; rows: number; onQuit(reason: ConsoleExit): void }) {
  // Other keys wait for the console (typed ahead while the database opens, they are not lost).
  useKeys(
    (key) => {
      if (key.input === '^c') onQuit('interrupted');
      else if (key.input === 'q') onQuit('quit');
      else return HOLD;
    },
    { layer: LAYER.app },
  );
  return (
    <Box flexDirection="column" height={rows} width={columns}>
      <Text bold>accessctl</Text>
      <Text dimColor>{printable(text)}</Text>
    </Box>
  );
}

/** Runs the console full-screen until the person quits; the shell's screen is restored after. */
export async function runConsole(options: ConsoleOptions): Promise<ConsoleExit> {
  let reason: ConsoleExit = 'quit';
  let openError: unknown;
  enterConsoleScreen(process.stdout);
  try {
    const root = <ConsoleRoot options={options} onExit={(r) => (reason = r)} onOpenError={(error) => (openError = error)} />;
    const app = render(<KeyRouter>{root}</KeyRouter>, {
      exitOnCtrlC: false,
      patchConsole: false,
    });
    await app.waitUntilExit();
  } finally {
    leaveConsoleScreen(process.stdout);
  }
  if (openError) throw openError;
  return reason;
}
