/** Room kept for the step's label when the terminal is too narrow for the whole bar. */
const LABEL_ROOM = 12;

/**
 * A one-line progress bar on a terminal: `[########------------]  40% creating users`. It fits the
 * terminal's width (read at each redraw): a wrapped line would leave one line behind per redraw.
 */
export function progressBar(stream: { write(s: string): unknown; columns?: number }, width = 30) {
  let last = '';
  // One column short of the width: a line that fills it leaves the cursor waiting to wrap.
  const room = () => (stream.columns ? stream.columns - 1 : Infinity);
  return {
    update(done: number, total: number, label: string) {
      const ratio = total ? done / total : 1;
      const size = Math.min(width, Math.max(5, room() - 8 - LABEL_ROOM));
      const filled = Math.round(ratio * size);
      const line = `[${'#'.repeat(filled)}${'-'.repeat(size - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${label}`.slice(0, room());
      if (line !== last) stream.write(`\r${line.padEnd(Math.min(last.length, room()))}`);
      last = line;
    },
    done() {
      if (last) stream.write(`\r${' '.repeat(Math.min(last.length, room()))}\r`);
    },
  };
}
