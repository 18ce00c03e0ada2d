import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/accessctl.js', import.meta.url));
export const hasTmux = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;

/**
 * A tmux server for this test process alone: on a shared one, a test killing the last session of
 * another process's made that server exit under a test creating its own ("server exited unexpectedly").
 */
export const TMUX = ['-L', `accessctl-test-${process.pid}`];
if (!hasTmux && process.env.CI === 'true') throw new Error('tmux is needed for the terminal tests in CI');

let sessions = 0;

/** A real terminal (tmux, 80×24 by default) running one command line, read as a person would. */
export class Terminal {
  readonly name = `accessctl-test-${process.pid}-${sessions++}`;

  constructor(commandLine: string, size = { columns: 80, rows: 24 }, env: NodeJS.ProcessEnv = {}) {
    // The shell prints the exit code and stays, so the test can read it.
    // A person's terminal: no CI variable (with CI set, Ink draws only the last frame, so no prompt shows).
    const script = `unset CI; ${commandLine}; echo "EXIT=$?"; sleep 600`;
    execFileSync('tmux', [...TMUX, 'new-session', '-d', '-s', this.name, '-x', String(size.columns), '-y', String(size.rows), 'bash', '-c', script], {
      env: { ...process.env, NO_COLOR: '1', TERM: 'xterm-256color', ...env },
    });
  }

  screen(): string {
    return execFileSync('tmux', [...TMUX, 'capture-pane', '-p', '-J', '-t', this.name, '-S', '-200'], { encoding: 'utf8' });
  }

  /**
   * Sends keys once the program reads them: Ink registers a prompt's key handler in an effect just
   * after the prompt is drawn, and turns the terminal to raw mode in that same effect, so raw mode
   * (no `icanon` on the pane's tty) is the proof that a key will reach the handler.
   */
  async keys(...keys: string[]): Promise<void> {
    await this.until(() => this.readsKeys(), 'the program to read keys (raw mode)');
    execFileSync('tmux', [...TMUX, 'send-keys', '-t', this.name, ...keys]);
  }

  /** Sends keys at once, for a program already seen reading keys (the console handles every key it is sent). */
  send(...keys: string[]): void {
    execFileSync('tmux', [...TMUX, 'send-keys', '-t', this.name, ...keys]);
  }

  private readsKeys(): boolean {
    const tty = execFileSync('tmux', [...TMUX, 'display-message', '-p', '-t', this.name, '#{pane_tty}'], { encoding: 'utf8' }).trim();
    const modes = spawnSync('stty', ['-a', '-F', tty], { encoding: 'utf8' }).stdout;
    return /(^|\s)-icanon(\s|$)/.test(modes);
  }

  private async until(done: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen shows:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
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

  /** Whether the program left the terminal on its alternate screen (a full-screen program's, not the shell's). */
  alternateScreen(): boolean {
    return execFileSync('tmux', [...TMUX, 'display-message', '-p', '-t', this.name, '#{alternate_on}'], { encoding: 'utf8' }).trim() === '1';
  }

  async exitCode(): Promise<number> {
    const screen = await this.waitFor(/EXIT=\d+/);
    return Number(/EXIT=(\d+)/.exec(screen)![1]);
  }

  close(): void {
    spawnSync('tmux', [...TMUX, 'kill-session', '-t', this.name]);
  }
}
