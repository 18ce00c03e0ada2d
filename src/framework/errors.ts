/** An error a command reports to its user: one line on stderr and an exit code (Django's CommandError). */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly returnCode = 1,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** Wrong arguments or options: exit 2 with the usage line, as argparse does. */
export class UsageError extends CommandError {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message, 2);
    this.name = 'UsageError';
  }
}
