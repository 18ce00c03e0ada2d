import { Box, Text } from 'ink';
import React from 'react';
import type { LessonSession, LessonView } from '../../domain/lessons/session.js';
import { printable } from '../../domain/text.js';
import { useConsole } from './context.js';
import { LAYER, useKeys } from './keys/router.js';
import { TextField } from './text-field.js';

/** Rows the panel takes, borders included: the screens above get the rest. */
export const LESSON_PANEL_ROWS = 10;

export const LESSON_KEYS: [string, string][] = [
  ['L', 'lesson panel'],
  ['H', 'hint'],
  ['E', 'answer'],
];

/** Lesson texts come from a file a trainer wrote: escaped like any value, with room for a paragraph. */
const text = (value: string) => printable(value, 2000);

/** `keep`: never cut when the panel is too small (the heading and the task); the rest gives way. */
type Line = { text: string; color?: string; bold?: boolean; keep?: boolean };

function lines(view: LessonView): Line[] {
  const { lesson, step, hints, done, message } = view;
  const total = lesson.steps.length;
  const out: Line[] = [];
  out.push({ text: `Lesson: ${text(lesson.title)} — ${step < total ? `step ${step + 1} of ${total}` : 'complete'}`, bold: true, keep: true });
  if (done) {
    if (done.commands.length) {
      out.push({ text: `✓ Step ${done.step + 1} done. From a script you would write:`, color: 'green' });
      for (const command of done.commands) for (const line of command.split('\n')) out.push({ text: `  ${printable(line, 2000)}`, color: 'cyan' });
    } else out.push({ text: `✓ Step ${done.step + 1} done${lesson.steps[done.step]?.check.question !== undefined ? ': correct' : ''}.`, color: 'green' });
  } else if (step === 0 && hints === 0 && !message) out.push({ text: text(lesson.introduction) });
  if (step < total) {
    const current = lesson.steps[step];
    if (current) out.push({ text: text(current.task), keep: true });
    for (const hint of (current?.hints ?? []).slice(0, hints)) out.push({ text: `Hint: ${text(hint)}`, color: 'yellow' });
  } else {
    const next = view.next ? `Next: quit (q) and run \`accessctl demo\` (or \`accessctl demo --lesson ${view.next}\`).` : '`accessctl lessons` lists the lessons.';
    out.push({ text: `Lesson complete, well done. ${next}`, color: 'green' });
  }
  if (message) out.push({ text: message.text, color: message.good ? 'green' : 'red', keep: true });
  return out;
}

/**
 * The open lesson under the console's screens: the step to do, hints on request (H), an answer
 * field for a question (E), and, once a step is done, the command lines that would have done it.
 */
export function LessonPanel({ session, isActive, color }: { session: LessonSession; isActive: boolean; color: boolean }) {
  const app = useConsole();
  const view = React.useSyncExternalStore(session.subscribe, () => session.view());
  const [answering, setAnswering] = React.useState(false);
  const answer = setAnswering;
  // Asked before the screen (H and E are no screen's keys); any other key goes on to it.
  useKeys(
    (key) => {
      if (key.input === 'H') session.hint();
      else if (key.input === 'E' && session.asks) answer(true);
      else return false;
    },
    { isActive: isActive && !answering, layer: LAYER.screen + 0.5 },
  );
  const paint = (name?: string) => (color ? name : undefined);
  return (
    <Box flexDirection="column" borderStyle="single" height={LESSON_PANEL_ROWS} overflow="hidden" paddingX={1} flexShrink={0}>
      {answering ? (
        <TextField
          key="answer"
          label="your answer: "
          onSubmit={(given) => {
            answer(false);
            session.answer(given).catch(app.fail);
          }}
          onCancel={() => answer(false)}
        />
      ) : null}
      {lines(view).map((line, i) => (
        <Box key={i} flexShrink={line.keep ? 0 : 1} overflow="hidden">
          <Text color={paint(line.color)} bold={line.bold}>
            {line.text}
            {i === 0 ? <Text bold={false} dimColor>{`  (L hides · H hint${session.asks ? ' · E answer' : ''})`}</Text> : null}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
