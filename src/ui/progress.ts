/** A one-line progress bar on a terminal: `[########------------]  40% creating users`. */
export function progressBar(stream: { write(s: string): unknown }, width = 30) {
  let last = '';
  return {
    update(done: number, total: number, label: string) {
      const ratio = total ? done / total : 1;
      const filled = Math.round(ratio * width);
      const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${label}`;
      if (line !== last) stream.write(`\r${line.padEnd(last.length)}`);
      last = line;
    },
    done() {
      if (last) stream.write(`\r${' '.repeat(last.length)}\r`);
    },
  };
}
