import { Box, Text, useApp, useStdout } from 'ink';
import React from 'react';
import { describeEdit, setEdit, type Edit } from '../../domain/edits.js';
import { plural, printable } from '../../domain/text.js';
import type { LessonSession } from '../../domain/lessons/session.js';
import type { ConsoleBackend } from './backend.js';
import { ConsoleContext, type ConsoleState, type Screen } from './context.js';
import { ErrorBoundary } from './error-boundary.js';
import { HelpScreen } from './help.js';
import { GLOBAL_KEYS, SCREEN_KEYS, SECTIONS, type KeyHint } from './keys/catalog.js';
import { LESSON_PANEL_ROWS, LessonPanel } from './lesson-panel.js';
import { fitHints } from './keys/hints.js';
import { KeyRouter, LAYER, useHasKeyRouter, useKeys } from './keys/router.js';
import { initialNavigation, navigate, screenKey, topOf } from './navigation.js';
import { GroupScreen } from './screens/group.js';
import { GroupsScreen } from './screens/groups.js';
import { HistoryScreen } from './screens/history.js';
import { MatrixScreen } from './screens/matrix.js';
import { PermissionScreen } from './screens/permission.js';
import { PermissionsScreen } from './screens/permissions.js';
import { ReviewScreen } from './screens/review.js';
import { UserScreen } from './screens/user.js';
import { UsersScreen } from './screens/users.js';
import { WhyScreen } from './screens/why.js';
import { usePendingPlan, type PendingPlan } from './use-plan.js';

export type ConsoleExit = 'quit' | 'interrupted';

export interface ConsoleAppProps {
  backend: ConsoleBackend;
  readOnly?: boolean;
  color?: boolean;
  onExit(reason: ConsoleExit): void;
  /** Fixed size for tests; otherwise the terminal's, following resizes. */
  size?: { columns: number; rows: number };
  /** Called once per key, after what it did is on screen (tests wait for it instead of sleeping). */
  onKeyHandled?: () => void;
  /** A lesson shown in a panel under the screens (the demo sandbox). */
  lesson?: LessonSession;
  /** A first message for the status line ("Created the embedded database …"). */
  notice?: string;
}

const LESSON_HINT: KeyHint = { keys: 'L', what: 'lesson panel', rank: 1 };

export function useTerminalSize(fixed?: { columns: number; rows: number }) {
  const { stdout } = useStdout();
  const read = () => fixed ?? { columns: stdout.columns || 80, rows: stdout.rows || 24 };
  const [size, setSize] = React.useState(read);
  React.useEffect(() => {
    if (fixed) return;
    const onResize = () => setSize({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed]);
  return size;
}

function ScreenView({ screen, isActive }: { screen: Screen; isActive: boolean }) {
  switch (screen.kind) {
    case 'users':
      return <UsersScreen isActive={isActive} />;
    case 'groups':
      return <GroupsScreen isActive={isActive} />;
    case 'permissions':
      return <PermissionsScreen isActive={isActive} />;
    case 'matrix':
      return <MatrixScreen isActive={isActive} />;
    case 'user':
      return <UserScreen username={screen.username} isActive={isActive} />;
    case 'group':
      return <GroupScreen name={screen.name} isActive={isActive} />;
    case 'permission':
      return <PermissionScreen permissionKey={screen.key} isActive={isActive} />;
    case 'review':
      return <ReviewScreen isActive={isActive} />;
    case 'history':
      return <HistoryScreen isActive={isActive} />;
    case 'why':
      return <WhyScreen username={screen.username} permission={screen.key} />;
  }
}

/** A line for the status bar; an undo says the counts of pending changes before and after, as their plans count them. */
type Message = { text: string; error?: boolean } | { undid: Edit; from: number | undefined; left: Edit[]; error?: undefined };

/** How many changes the plan of exactly these edits makes (undefined while it is not known, or cannot be made). */
const plannedChanges = (pending: PendingPlan, edits: Edit[]) => (edits.length === 0 ? 0 : pending.edits === edits && pending.plan ? pending.changes : undefined);

function messageText(message: Message, pending: PendingPlan): string {
  if ('text' in message) return message.text;
  const to = plannedChanges(pending, message.left);
  const what = describeEdit(message.undid);
  return message.from !== undefined && to !== undefined ? `Undid: ${message.from} -> ${to} pending (${what})` : `Undid: ${what}`;
}
const firstLine = (error: Error) => printable(String(error.message).split('\n')[0]);

/**
 * The console: sections (Users, Groups, Permissions, Matrix), each a stack of screens kept while
 * another section is shown; pending edits counted (as plan changes) in the status bar; the keys of
 * the screen shown in the footer. Panels (help, a quit question) take the keys while open.
 */
export function ConsoleApp(props: ConsoleAppProps) {
  // Inside the router of the opening screen, keys typed while the database opened are waiting there.
  const nested = useHasKeyRouter();
  if (nested) return <Console {...props} />;
  return (
    <KeyRouter onKeyHandled={props.onKeyHandled}>
      <Console {...props} />
    </KeyRouter>
  );
}

function Console({ backend, readOnly = false, color = true, onExit, size, lesson, notice }: ConsoleAppProps) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize(size);
  const [nav, dispatch] = React.useReducer(navigate, initialNavigation);
  const [edits, setEdits] = React.useState<Edit[]>([]);
  const [message, setMessage] = React.useState<Message | undefined>(notice ? { text: notice } : undefined);
  const [generation, setGeneration] = React.useState(0);
  const [lessonOpen, setLessonOpen] = React.useState(Boolean(lesson));
  const panelRows = lesson && lessonOpen ? LESSON_PANEL_ROWS : 0;
  const top = topOf(nav);
  const fail = React.useCallback((error: Error) => setMessage({ text: `Error: ${firstLine(error)}`, error: true }), []);
  const plan = usePendingPlan(backend, edits, generation, fail);
  // Changes the plan would make; while it is computed, any edit counts as something to lose.
  const pending = plan.changes > 0 || plan.problems.length > 0 || (plan.computing && edits.length > 0);

  const leave = (reason: ConsoleExit) => {
    onExit(reason);
    exit();
  };
  const state: ConsoleState = {
    backend,
    edits,
    plan,
    edit: (edit, stored) => {
      setEdits((list) => setEdit(list, edit, stored));
      setMessage(undefined);
    },
    editAll: (list) => {
      setEdits((current) => list.reduce((acc, { edit, stored }) => setEdit(acc, edit, stored), current));
      setMessage(undefined);
    },
    clearEdits: () => {
      setEdits([]);
      setGeneration((g) => g + 1);
    },
    readOnly,
    color,
    height: Math.max(3, rows - 4 - panelRows),
    width: Math.max(20, columns - 1),
    push: (screen) => dispatch({ type: 'push', screen }),
    pop: () => dispatch({ type: 'pop' }),
    notify: (text) => setMessage({ text }),
    fail,
    refuseEdit: () => {
      if (readOnly) setMessage({ text: 'read-only: editing is off (the console was started with --read-only)' });
      return readOnly;
    },
    refresh: () => setGeneration((g) => g + 1),
    generation,
  };

  useKeys(
    (key) => {
      const ctrlC = key.input === '^c';
      if (nav.overlay === 'quit' || nav.overlay === 'interrupt') {
        if (key.input === 'y') leave('quit');
        else if (ctrlC && nav.overlay === 'interrupt') leave('interrupted');
        else dispatch({ type: 'overlay', overlay: 'none' });
        return;
      }
      if (ctrlC) return pending ? dispatch({ type: 'overlay', overlay: 'interrupt' }) : leave('interrupted');
      if (key.input === 'L' && lesson) setLessonOpen((open) => !open);
      else if (key.name === 'tab') dispatch({ type: 'cycle', delta: key.shift ? -1 : 1 });
      else if (/^[1-4]$/.test(key.input)) dispatch({ type: 'section', index: Number(key.input) - 1 });
      else if (key.name === 'escape') dispatch({ type: 'pop' });
      else if (key.input === '?') dispatch({ type: 'overlay', overlay: 'help' });
      else if (key.input === 'H' && top.kind !== 'history') state.push({ kind: 'history' });
      else if (key.input === 'q') {
        if (pending) dispatch({ type: 'overlay', overlay: 'quit' });
        else leave('quit');
      } else if (key.input === '^r' || key.input === 'r') {
        setGeneration((g) => g + 1);
        setMessage({ text: 'Refreshed from the database.' });
      } else if (key.input === 'u') {
        if (state.refuseEdit()) return;
        const last = edits.at(-1);
        if (!last) return setMessage({ text: 'Nothing to undo.' });
        const left = edits.slice(0, -1);
        setEdits(left);
        setMessage({ undid: last, from: plannedChanges(plan, edits), left });
      } else if (key.input === 'a') {
        if (state.refuseEdit()) return;
        if (!edits.length) setMessage({ text: 'Nothing pending to review.' });
        else if (top.kind !== 'review') state.push({ kind: 'review' });
      }
    },
    { layer: LAYER.app },
  );

  const c = (name: string) => (color ? name : undefined);
  const hints = [...SCREEN_KEYS[top.kind], ...GLOBAL_KEYS, ...(lesson ? [LESSON_HINT] : [])].filter((h) => !readOnly || !h.edits);
  const status =
    nav.overlay === 'quit' || nav.overlay === 'interrupt'
      ? `Quit and discard ${plural(plan.changes || edits.length, 'pending change')}? y/N${nav.overlay === 'interrupt' ? ' (Ctrl+C again quits)' : ''}`
      : `${plural(plan.changes, 'pending change')}${plan.problems.length ? ' (cannot be applied)' : ''}${message ? ` · ${printable(messageText(message, plan), 400)}` : ''}`;
  const body = state.height;
  return (
    <ConsoleContext.Provider value={state}>
      <Box flexDirection="column" height={rows} width={columns}>
        <Text wrap="truncate">
          <Text bold>accessctl </Text>
          {SECTIONS.map((name, i) => (
            <Text key={name} inverse={i === nav.section} color={i === nav.section ? undefined : c('gray')}>
              {` ${i + 1} ${name[0]!.toUpperCase()}${name.slice(1)} `}
            </Text>
          ))}
          <Text dimColor>
            {readOnly ? '  [read-only]' : ''}
            {'  '}
            {printable(backend.label)}
          </Text>
        </Text>
        <Box flexGrow={1} flexDirection="column" overflowY="hidden">
          {nav.overlay === 'help' ? (
            <HelpScreen current={top.kind} readOnly={readOnly} height={body} width={columns - 1} onClose={() => dispatch({ type: 'overlay', overlay: 'none' })} />
          ) : null}
          {nav.stacks.map((stack, s) =>
            !nav.visited[s]
              ? null
              : stack.map((screen, i) => {
                  const shown = s === nav.section && i === stack.length - 1 && nav.overlay !== 'help';
                  return (
                    <Box key={`${s}:${i}:${screenKey(screen)}`} display={shown ? 'flex' : 'none'} flexDirection="column">
                      <ErrorBoundary resetKey={shown} onError={fail}>
                        <ScreenView screen={screen} isActive={shown && nav.overlay === 'none'} />
                      </ErrorBoundary>
                    </Box>
                  );
                }),
          )}
        </Box>
        {lesson && lessonOpen ? <LessonPanel session={lesson} isActive={nav.overlay === 'none'} color={color} /> : null}
        <Text wrap="truncate" color={c(message?.error ? 'red' : nav.overlay !== 'none' || plan.changes ? 'yellow' : 'green')}>
          {status}
        </Text>
        <Text wrap="truncate" dimColor>
          {fitHints(hints, columns - 1)}
        </Text>
      </Box>
    </ConsoleContext.Provider>
  );
}
