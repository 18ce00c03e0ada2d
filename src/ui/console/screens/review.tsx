import { Box, Text, useInput } from 'ink';
import React from 'react';
import { planLines, summaryLine, appliedLine } from '../../plan-text.js';
import type { Review } from '../backend.js';
import { useConsole } from '../context.js';
import { useWindow } from '../use-window.js';

type Stage = { kind: 'loading' } | { kind: 'ready'; review: Review; notice?: string } | { kind: 'applying' };

/** The pending plan, as the command line shows it, and the command lines that would do the same. */
export function ReviewScreen({ isActive }: { isActive: boolean }) {
  const app = useConsole();
  const [stage, setStage] = React.useState<Stage>({ kind: 'loading' });
  React.useEffect(() => {
    void app.backend.review(app.edits).then((review) => setStage({ kind: 'ready', review }));
  }, []);
  const lines: { text: string; color?: string }[] = [];
  if (stage.kind === 'ready') {
    const { review } = stage;
    if (stage.notice) lines.push({ text: stage.notice, color: 'yellow' });
    if ('problems' in review) {
      lines.push({ text: 'The pending changes cannot be applied:', color: 'red' }, ...review.problems.map((p) => ({ text: `  ${p}`, color: 'red' })));
    } else {
      const colors = { add: 'green', change: 'yellow', remove: 'red' } as const;
      lines.push(...planLines(review.plan).map((line) => ({ text: line.text, color: colors[line.kind] })), { text: summaryLine(review.plan) });
      if (review.commands.length) {
        lines.push({ text: '' }, { text: 'The same from a script:' });
        for (const command of review.commands) lines.push(...command.split('\n').map((text) => ({ text: `  ${text}`, color: 'cyan' })));
      }
    }
  }
  const view = useWindow(lines.length, app.height - 2, isActive && stage.kind === 'ready');
  useInput(
    async (input) => {
      if (stage.kind !== 'ready' || 'problems' in stage.review) return;
      if (input === 'w' && app.backend.savePlan) {
        app.backend.savePlan(app.edits).then(app.notify, (error: Error) => app.notify(`Not saved: ${String(error.message).split('\n')[0]}`));
        return;
      }
      if (app.readOnly || input !== 'y') return;
      if (stage.review.plan.changes.length === 0) return;
      const shown = stage.review.plan;
      setStage({ kind: 'applying' });
      try {
        const outcome = await app.backend.apply(app.edits, shown);
        if (outcome.status === 'applied') {
          app.clearEdits();
          app.notify(appliedLine(outcome.plan));
          app.pop();
          return;
        }
        const review = await app.backend.review(app.edits);
        setStage({ kind: 'ready', review, notice: 'The database changed since this plan was made. Nothing was written. Here is the plan against the current state:' });
      } catch (error) {
        setStage({ kind: 'ready', review: { problems: [String((error as Error).message).split('\n')[0]] } });
      }
    },
    { isActive: isActive && stage.kind === 'ready' },
  );
  const color = (name?: string) => (app.color ? name : undefined);
  return (
    <Box flexDirection="column">
      <Text bold>review {app.edits.length} pending edit{app.edits.length === 1 ? '' : 's'}</Text>
      {stage.kind === 'loading' ? <Text dimColor>planning…</Text> : stage.kind === 'applying' ? <Text>applying in one transaction…</Text> : null}
      {lines.slice(view.visible.start, view.visible.end).map((line, i) => (
        <Text key={view.visible.start + i} color={color(line.color)} wrap="truncate">
          {line.text}
        </Text>
      ))}
    </Box>
  );
}
