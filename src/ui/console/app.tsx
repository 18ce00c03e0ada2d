import { Box, Text, useApp, useInput, useStdout } from 'ink';
import React from 'react';
import type { Edit } from '../../domain/edits.js';
import type { LessonSession } from '../../domain/lessons/session.js';
import type { ConsoleBackend } from './backend.js';
import { ConsoleContext, type ConsoleState, type Screen } from './context.js';
import { GLOBAL_KEYS, SCREEN_KEYS, SECTIONS } from './keys.js';
import { LESSON_KEYS, LESSON_PANEL_ROWS, LessonPanel } from './lesson-panel.js';
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

export type ConsoleExit = 'quit' | 'interrupted';

export interface ConsoleAppProps {
  backend: ConsoleBackend;
  readOnly?: boolean;
  color?: boolean;
  onExit(reason: ConsoleExit): void;
  /** Fixed size for tests; otherwise the terminal's, following resizes. */
  size?: { columns: number; rows: number };
  /** A lesson shown in a panel under the screens (the demo sandbox). */
  lesson?: LessonSession;
}

function useTerminalSize(fixed?: { columns: number; rows: number }) {
  const { stdout } = useStdout();
  const read = () => fixed ?? { columns: stdout.columns || 80, rows: stdout.rows || 24 };
  const [size, setSize] = React.useState(read);
  React.useEffect(() => {
    if (fixed) return;
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
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
      return <UserScreen key={screen.username} username={screen.username} isActive={isActive} />;
    case 'group':
      return <GroupScreen key={screen.name} name={screen.name} isActive={isActive} />;
    case 'permission':
      return <PermissionScreen key={screen.key} permissionKey={screen.key} isActive={isActive} />;
    case 'review':
      return <ReviewScreen isActive={isActive} />;
    case 'history':
      return <HistoryScreen isActive={isActive} />;
    case 'why':
      return <WhyScreen key={`${screen.username}:${screen.key}`} username={screen.username} permission={screen.key} />;
  }
}

/**
 * The console: sections (Users, Groups, Permissions, Matrix), a stack of screens in each, pending
 * edits counted in the status bar, and a help bar with the keys of the screen shown.
 */
export function ConsoleApp({ backend, readOnly = false, color = true, onExit, size, lesson }: ConsoleAppProps) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize(size);
  const [section, setSection] = React.useState(0);
  const [stack, setStack] = React.useState<Screen[]>([{ kind: 'users' }]);
  const [edits, setEdits] = React.useState<Edit[]>([]);
  const [captured, setCaptured] = React.useState(false);
  const [message, setMessage] = React.useState('');
  const [overlay, setOverlay] = React.useState<'none' | 'help' | 'quit'>('none');
  const [generation, setGeneration] = React.useState(0);
  const [lessonOpen, setLessonOpen] = React.useState(Boolean(lesson));
  const [answering, setAnswering] = React.useState(false);
  const panelRows = lesson && lessonOpen ? LESSON_PANEL_ROWS : 0;
  const top = stack[stack.length - 1];

  const leave = (reason: ConsoleExit) => {
    onExit(reason);
    exit();
  };
  const state: ConsoleState = {
    backend,
    edits,
    addEdit: (edit) => {
      setEdits((list) => [...list, edit]);
      setMessage('');
    },
    clearEdits: () => {
      setEdits([]);
      setGeneration((g) => g + 1);
    },
    readOnly,
    color,
    height: Math.max(3, rows - 4 - panelRows),
    width: Math.max(20, columns - 1),
    push: (screen) => setStack((s) => [...s, screen]),
    pop: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    setCaptured,
    notify: setMessage,
    generation,
  };

  useInput((input, key) => {
    if (key.ctrl && input === 'c') return leave('interrupted');
    if (overlay === 'quit') {
      if (input === 'y') leave('quit');
      else setOverlay('none');
      return;
    }
    if (overlay === 'help') return setOverlay('none');
    if (captured || answering) return;
    if (input === 'L' && lesson) return setLessonOpen((open) => !open);
    if (key.tab) {
      const next = (section + (key.shift ? SECTIONS.length - 1 : 1)) % SECTIONS.length;
      setSection(next);
      setStack([{ kind: SECTIONS[next] }]);
    } else if (key.escape) state.pop();
    else if (input === '?') setOverlay('help');
    else if (input === 'H' && top.kind !== 'history') state.push({ kind: 'history' });
    else if (input === 'q') edits.length ? setOverlay('quit') : leave('quit');
    else if (input === 'u') {
      if (edits.length) setMessage(`Undid: ${edits.length} -> ${edits.length - 1} pending`);
      setEdits((list) => list.slice(0, -1));
    } else if (input === 'a') {
      if (readOnly) setMessage('Read-only: nothing can be applied.');
      else if (!edits.length) setMessage('Nothing pending to review.');
      else if (top.kind !== 'review') state.push({ kind: 'review' });
    }
  });

  const c = (name: string) => (color ? name : undefined);
  const keys = [...SCREEN_KEYS[top.kind].filter(([k]) => !readOnly || !/^[sSApmrDgn]$/.test(k)), ...GLOBAL_KEYS, ...(lesson ? LESSON_KEYS.slice(0, 1) : [])];
  return (
    <ConsoleContext.Provider value={state}>
      <Box flexDirection="column" height={rows} width={columns}>
        <Text wrap="truncate">
          <Text bold>accessctl </Text>
          {SECTIONS.map((name, i) => (
            <Text key={name} inverse={i === section} color={i === section ? undefined : c('gray')}>
              {` ${name[0].toUpperCase()}${name.slice(1)} `}
            </Text>
          ))}
          <Text dimColor>
            {'  '}
            {backend.label}
            {readOnly ? '  [read-only]' : ''}
          </Text>
        </Text>
        <Box flexGrow={1} flexDirection="column" overflow="hidden">
          {overlay === 'help' ? (
            <Box flexDirection="column">
              <Text bold>Keys ({top.kind}) — any key closes</Text>
              {[...SCREEN_KEYS[top.kind], ...GLOBAL_KEYS].map(([k, what]) => (
                <Text key={k + what}>
                  {`  ${k.padEnd(12)} ${what}`}
                </Text>
              ))}
            </Box>
          ) : (
            <ScreenView key={`${section}:${stack.length}`} screen={top} isActive={overlay === 'none' && !answering} />
          )}
        </Box>
        {lesson && lessonOpen ? (
          <LessonPanel
            session={lesson}
            isActive={overlay === 'none' && !captured}
            color={color}
            onAnswering={(on) => {
              setAnswering(on);
              setCaptured(on);
            }}
          />
        ) : null}
        <Text wrap="truncate" color={c(overlay === 'quit' ? 'yellow' : edits.length ? 'yellow' : 'green')}>
          {overlay === 'quit' ? `Quit and discard ${edits.length} pending change${edits.length === 1 ? '' : 's'}? y/N` : `${edits.length} pending change${edits.length === 1 ? '' : 's'}${message ? ` · ${message}` : ''}`}
        </Text>
        <Text wrap="truncate" dimColor>
          {keys.map(([k, what]) => `${k} ${what}`).join(' · ')}
        </Text>
      </Box>
    </ConsoleContext.Provider>
  );
}
