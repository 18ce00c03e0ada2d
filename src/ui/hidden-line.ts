import { Interrupted } from './errors.js';

const ENTER = new Set(['\r', '\n', '\x04']);
const ERASE = new Set(['\x7f', '\b']);

/**
 * Reads one line typed on a terminal without showing it (as getpass does): a secret such as a
 * password hash must not stay on the screen or in its scrollback. Backspace and Ctrl+U edit,
 * Enter or Ctrl+D end it, Ctrl+C is an interrupt (raw mode: the terminal sends no SIGINT).
 */
export function readHiddenLine(prompt: string, input: NodeJS.ReadStream, output: NodeJS.WritableStream): Promise<string> {
  // Raw mode first: once the prompt shows, nothing typed is echoed.
  input.setRawMode(true);
  output.write(prompt);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let line = '';
    const finish = (settle: () => void) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      settle();
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (ENTER.has(char)) return finish(() => resolve(line));
        if (char === '\x03') return finish(() => reject(new Interrupted()));
        if (ERASE.has(char)) line = [...line].slice(0, -1).join('');
        else if (char === '\x15') line = '';
        else line += char;
      }
    };
    input.on('data', onData);
  });
}
