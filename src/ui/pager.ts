import { spawn } from 'node:child_process';

/**
 * Shows text through $PAGER (else `less -R`), as git does; resolves false when no pager could run
 * (the caller then writes the text itself). LESS=FRX unless set: one screen is printed and left on it.
 */
export function page(text: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const pager = env.PAGER?.trim() || 'less -R';
  if (pager === 'cat') return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', pager], { stdio: ['pipe', 'inherit', 'inherit'], env: { LESS: 'FRX', ...env } });
    let started = true;
    child.on('error', () => {
      started = false;
      resolve(false);
    });
    // The person may quit the pager before it read everything.
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => resolve(started && code !== 127));
    child.stdin.end(text);
  });
}
