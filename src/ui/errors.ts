/** The person pressed Ctrl+C at a prompt: nothing was changed (exit 130, as a shell reports SIGINT). */
export class Interrupted extends Error {
  constructor(message = 'interrupted; nothing was changed') {
    super(message);
    this.name = 'Interrupted';
  }
}
