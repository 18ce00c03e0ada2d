import { Box, Text } from 'ink';
import React from 'react';

/** Pads or cuts a cell to a width (the console never wraps a row). */
export function cell(text: string, width: number): string {
  const chars = [...text];
  return chars.length > width ? `${chars.slice(0, Math.max(0, width - 1)).join('')}…` : text.padEnd(width);
}

export const yesNo = (value: boolean) => (value ? 'yes' : '-');

/** Lines of a scrolled list: only the visible slice is rendered, the cursor row inverted. */
export function VisibleLines({ lines, start, end, cursor, width }: { lines: string[]; start: number; end: number; cursor?: number; width: number }) {
  return (
    <Box flexDirection="column">
      {lines.slice(start, end).map((line, i) => (
        <Text key={start + i} inverse={cursor === start + i} wrap="truncate">
          {cell(line, width)}
        </Text>
      ))}
    </Box>
  );
}
