import { Box, Text } from 'ink';
import React from 'react';
import { describeEdit, type Edit } from '../../../domain/edits.js';
import { printable } from '../../../domain/text.js';
import { appliedLine, planLines, summaryLine } from '../../plan-text.js';
import type { Review } from '../backend.js';
import { useConsole } from '../context.js';
import { isMoveKey } from '../keys/key.js';
import { HOLD, LAYER, useKeys } from '../keys/router.js';
import { useScroll } from '../use-scroll.js';

type Stage = { kind: 'loading' } | { kind: 'ready'; review: Review; notice?: string } | { kind: 'applying' };

/** The pending edits a problem names (by the values quoted in it): the ones to undo. */
function editsNamedBy(problem: string, edits: Edit[]): Edit[] {
  const quotedValues = [...problem.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
  return edits.filter((e) => quotedValues.some((v) => v !== undefined && v !== '' && describeEdit(e).includes(v)));
}

/** The pending plan, as the command line shows it, and the command lines that would do the same. */
export function ReviewScreen({ isActive }: { isActive: boolean }) {
  const app = useConsole();
  const [stage, setStage] = React.useState<Stage>({ kind: 'loading' });
  const { edits, backend, fail } = app;
  React.useEffect(() => {
    let current = true;
    backend.review(edits).then(
      (review) => current && setStage({ kind: 'ready', review }),
      (error: Error) => {
        if (!current) return;
        fail(error);
        setStage({ kind: 'ready', review: { problems: [`the plan could not be computed: ${String(error.message).split('\n')[0]}`] } });
      },
    );
    return () => {
      current = false;
    };
  }, [backend, fail, edits]);
  const lines: { text: string; color?: string }[] = [];
  if (stage.kind === 'ready') {
    const { review } = stage;
    if (stage.notice) lines.push({ text: stage.notice, color: 'yellow' });
    if ('problems' in review) {
      lines.push({ text: 'The pending changes cannot be applied:', color: 'red' });
      for (const problem of review.problems) {
        lines.push({ text: `  ${printable(problem)}`, color: 'red' });
        for (const edit of editsNamedBy(problem, edits)) lines.push({ text: `    undo the pending edit: ${printable(describeEdit(edit))}`, color: 'yellow' });
      }
      lines.push({ text: 'esc goes back; u undoes the last edit.' });
    } else {
      const colors = { add: 'green', change: 'yellow', remove: 'red' } as const;
      lines.push(...planLines(review.plan).map((line) => ({ text: printable(line.text, 10_000), color: colors[line.kind] })), { text: summaryLine(review.plan) });
      if (review.commands.length) {
        lines.push({ text: '' }, { text: 'The same from a script:' });
        for (const command of review.commands) lines.push(...command.split('\n').map((text) => ({ text: `  ${printable(text, 10_000)}`, color: 'cyan' })));
      }
      if (review.effects?.length) {
        lines.push({ text: '' }, { text: 'Permissions each user gains (+) and loses (-):' });
        for (const effect of review.effects) {
          lines.push({ text: `  ${printable(effect.username)}${effect.note ? `: ${printable(effect.note)}` : ''}` });
          for (const key of effect.gained) lines.push({ text: `    + ${printable(key)}`, color: 'green' });
          for (const key of effect.lost) lines.push({ text: `    - ${printable(key)}`, color: 'red' });
        }
      }
    }
  }
  const scroll = useScroll(lines.length, app.height - 2);
  const apply = async (shown: NonNullable<Extract<Review, { plan: unknown }>>['plan']) => {
    setStage({ kind: 'applying' });
    try {
      const outcome = await app.backend.apply(edits, shown);
      if (outcome.status === 'applied') {
        app.clearEdits();
        app.notify(appliedLine(outcome.plan));
        app.pop();
        return;
      }
      const review = await app.backend.review(edits);
      // What the other screens show (and the pending count) is stale too.
      app.refresh();
      setStage({ kind: 'ready', review, notice: 'The database changed since this plan was made. Nothing was written. Here is the plan against the current state:' });
    } catch (error) {
      app.fail(error as Error);
      setStage({ kind: 'ready', review: { problems: [`nothing was written: ${String((error as Error).message).split('\n')[0]}`] } });
    }
  };
  useKeys(
    (key) => {
      // Keys typed while the plan is computed (or applied) act on the plan shown next.
      if (stage.kind !== 'ready') return isMoveKey(key) || key.input === 'y' || key.input === 'w' ? HOLD : false;
      if (scroll.handle(key)) return;
      if (key.input === 'w' && app.backend.savePlan) {
        if ('problems' in stage.review) return;
        app.backend.savePlan(edits).then(app.notify, (error: Error) => app.notify(`Not saved: ${String(error.message).split('\n')[0]}`));
        return;
      }
      if (key.input !== 'y') return false;
      if (app.refuseEdit()) return;
      if ('problems' in stage.review) return app.notify('Nothing applied: the plan has problems (listed above); undo the edits they name.');
      if (stage.review.plan.changes.length === 0) return app.notify('Nothing to apply: the plan has no changes.');
      apply(stage.review.plan).catch(app.fail);
    },
    { isActive, layer: LAYER.screen },
  );
  const color = (name?: string) => (app.color ? name : undefined);
  return (
    <Box flexDirection="column">
      <Text bold>{`review ${edits.length} pending edit${edits.length === 1 ? '' : 's'}`}</Text>
      {stage.kind === 'loading' ? <Text dimColor>planning…</Text> : stage.kind === 'applying' ? <Text>applying in one transaction…</Text> : null}
      {lines.slice(scroll.start, scroll.end).map((line, i) => (
        <Text key={scroll.start + i} color={color(line.color)} wrap="truncate">
          {line.text}
        </Text>
      ))}
    </Box>
  );
}
