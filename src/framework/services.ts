import type { Database } from '../db/database.js';
import type { DatabaseTarget } from '../db/target.js';
import type { DesiredState } from '../domain/plan/desired-state.js';
import type { CommandEntry } from './folder-commands.js';

export interface OpeningMessages {
  onNotice?(message: string): void;
  onWait?(message: string): void;
}

/** What the runner gives every command, built-in or the project's own. */
export interface Services {
  /**
   * The configured database, opened on first call; a new embedded one is created and migrated.
   * `target` replaces the configured one (the demo opens its own sandbox). What opening it has to
   * say goes to `opening` (the console shows it on its screen), else to standard error: notices
   * ("Created the embedded database …") and waits for a lock ("Waiting for …").
   */
  database(target?: DatabaseTarget, opening?: OpeningMessages): Promise<Database>;
  /**
   * Starts connecting to the configured database when it is a server, for a command that reads its
   * input first: the connection is made while the input is read. Nothing is reported from here; a
   * failure is reported by database(), if the command gets that far. An embedded database is not
   * opened early: opening it takes its lock and may create it, which bad input must not do.
   */
  connectEarly(): void;
  /** Every known command, for `help`. */
  commands: Map<string, CommandEntry>;
  /** Asks a yes/no question of the person at the terminal (default no). */
  confirm(question: string): Promise<boolean>;
  /**
   * The pipeline every built-in command uses: plan the desired state against the database, show
   * it, confirm (or --yes), apply in one transaction. Returns the exit code.
   */
  planAndApply(desired: DesiredState): Promise<number>;
}
