import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/accessctl.js', import.meta.url));
export const hasTmux = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
if (!hasTmux && process.env.CI === 'true') throw new Error('tmux is needed for the terminal tests in CI');

let sessions = 0;

/** A real terminal (tmux, 80×24 by default) running one command line, read as a person would. */
export class Terminal {
  readonly name = `accessctl-test-${process.pid}-${sessions++}`;

  constructor(commandLine: string, size = { columns: 80, rows: 24 }, env: NodeJS.ProcessEnv = {}) {
    // The shell prints the exit code and stays, so the test can read it.
    // A person's terminal: no CI variable (with CI set, Ink draws only the last frame, so no prompt shows).
    const script = `unset CI; ${commandLine}; echo "EXIT=$?"; sleep 600`;
    execFileSync('tmux', ['new-session', '-d', '-s', this.name, '-x', String(size.columns), '-y', String(size.rows), 'bash', '-c', script], {
      env: { ...process.env, NO_COLOR: '1', TERM: 'xterm-256color', ...env },
    });
  }

  screen(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-J', '-t', this.name, '-S', '-200'], { encoding: 'utf8' });
  }

  /** Sends keys after a short pause: a screen registers its keys just after it is drawn. */
  async keys(...keys: string[]): Promise<void> {
    await new Promise((r) => setTimeout(r, 150));
    execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
  }

  /** Sends keys at once: for a program that takes every key as soon as its screen shows (the console). */
  send(...keys: string[]): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
  }

  /** Waits until the screen shows the text, and returns the screen. */
  async waitFor(text: string | RegExp, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${text}; the screen shows:\n${screen}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async exitCode(): Promise<number> {
    const screen = await this.waitFor(/EXIT=\d+/);
    return Number(/EXIT=(\d+)/.exec(screen)![1]);
  }

  close(): void {
    spawnSync('tmux', ['kill-session', '-t', this.name]);
  }
}
