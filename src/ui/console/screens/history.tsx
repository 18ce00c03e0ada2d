import { Box, Text } from 'ink';
import React from 'react';
import { parseFilterWords } from '../../../domain/audit/filters.js';
import type { ChangeRecord } from '../../../domain/audit/record.js';
import { InvalidInput } from '../../../domain/errors.js';
import { printable } from '../../../domain/text.js';
import { recordHeading, recordLines } from '../../log-text.js';
import { useConsole } from '../context.js';
import { VisibleLines } from '../rows.js';
import { TextField } from '../text-field.js';
import { isMoveKey } from '../keys/key.js';
import { HOLD, LAYER, useKeys } from '../keys/router.js';
import { useScroll } from '../use-scroll.js';

type Loaded = { records: ChangeRecord[] | undefined } | { problem: string };

/** The change log, newest first: each entry opens to show its changes; `/` filters as `accessctl log` does. */
export function HistoryScreen({ isActive }: { isActive: boolean }) {
  const app = useConsole();
  const [filter, setFilter] = React.useState('');
  const [editing, setEditing] = React.useState(false);
  const [loaded, setLoaded] = React.useState<Loaded>();
  const [open, setOpen] = React.useState<Set<number>>(new Set());
  const { backend, fail, generation } = app;
  React.useEffect(() => {
    let current = true;
    const load = async (): Promise<Loaded> => {
      try {
        return { records: await backend.history(parseFilterWords(filter, new Date())) };
      } catch (error) {
        return { problem: error instanceof InvalidInput ? error.message : String((error as Error).message).split('\n')[0]! };
      }
    };
    load().then((result) => current && setLoaded(result), fail);
    return () => {
      current = false;
    };
  }, [backend, fail, filter, generation]);
  const records = loaded && 'records' in loaded ? (loaded.records ?? []) : [];
  const lines: { text: string; record: number }[] = [];
  records.forEach((record, i) => {
    if (!open.has(record.id)) lines.push({ text: `▸ ${recordHeading(record)}`, record: i });
    else recordLines(record).forEach((text, n) => lines.push({ text: n === 0 ? `▾ ${text}` : `  ${text}`, record: i }));
  });
  const browsing = isActive && !editing;
  const view = useScroll(lines.length, app.height - 2, { cursor: true });
  useKeys(
    (key) => {
      if (!loaded && (isMoveKey(key) || key.name === 'return')) return HOLD;
      if (view.handle(key)) return;
      if (key.input === '/') setEditing(true);
      else if (key.name === 'return' && lines[view.cursor]) {
        const id = records[lines[view.cursor]!.record]!.id;
        setOpen((set) => {
          const next = new Set(set);
          if (!next.delete(id)) next.add(id);
          return next;
        });
      } else return false;
    },
    { isActive: browsing, layer: LAYER.screen },
  );
  const status = !loaded
    ? 'loading…'
    : 'problem' in loaded
      ? loaded.problem
      : loaded.records === undefined
        ? "this database has no change log: run 'accessctl migrate'"
        : `${records.length} record${records.length === 1 ? '' : 's'}${filter ? ` matching ${printable(filter)}` : ''}`;
  return (
    <Box flexDirection="column">
      <Text bold>history</Text>
      <VisibleLines lines={lines.map((l) => l.text)} start={view.start} end={view.end} cursor={editing ? undefined : view.cursor} width={app.width} />
      {editing ? (
        <TextField
          key="filter"
          label="filter (since:7d until:DATE user:U group:G permission:P): "
          initial={filter}
          onSubmit={(text) => (setFilter(text.trim()), setEditing(false))}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <Text dimColor wrap="truncate">
          {status}
        </Text>
      )}
    </Box>
  );
}
