import { inspect } from 'node:util';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Database } from '../db/database.js';
import * as entities from '../db/entities/index.js';
import { desiredFromValue } from '../domain/access-file/from-value.js';
import { InvalidInput } from '../domain/errors.js';
import type { CommandContext } from '../framework/command.js';
import { CommandError } from '../framework/errors.js';
import { reportError } from '../framework/report-error.js';
import { DatabaseError } from '../db/errors.js';
import { maskUrlsIn, redact } from '../db/mask.js';
import { planAndApply } from '../framework/plan-flow.js';

export interface ShellSession {
  /** The names the shell offers. */
  context: Record<string, unknown>;
  /** An error was reported by plan() or apply() (for the exit code of `shell -c`). */
  failed: boolean;
}

export interface SessionOptions {
  /** Asks before apply() writes; undefined when no person can answer (then apply() needs {yes: true}). */
  confirm?: (question: string) => Promise<boolean>;
}

/**
 * What the shell offers: the EntityManager and entities, the raw SQL client, and plan()/apply(),
 * which go through the commands' own pipeline (plan, show, confirm, one transaction).
 */
export function shellSession(ctx: CommandContext, db: Database, orm: MikroORM, options: SessionOptions, userEntities: Record<string, unknown>): ShellSession {
  const em = orm.em.fork();
  const session: ShellSession = { context: {}, failed: false };

  async function run(value: unknown, flags: { dryRun?: boolean; yes?: boolean }): Promise<undefined> {
    const confirm = options.confirm;
    const flow: CommandContext = {
      ...ctx,
      options: { ...ctx.options, dryRun: Boolean(flags.dryRun), yes: Boolean(flags.yes), json: false, detailedExitcode: false },
      interactive: Boolean(confirm),
      services: { ...ctx.services, confirm: confirm ?? (async () => false) },
    };
    try {
      const { desired, problems, explain } = desiredFromValue(value);
      const code = await planAndApply(flow, desired, { problems, explain });
      if (code !== 0) session.failed = true;
    } catch (error) {
      session.failed = true;
      // Said as a command says it; anything else is left to the REPL, which shows it with its stack.
      if (error instanceof InvalidInput || error instanceof CommandError || error instanceof DatabaseError) reportError(error, ctx.stderr, false);
      else throw error;
    }
    // What the EntityManager read before may have changed: the next find reads the database again.
    if (!flags.dryRun) em.clear();
    return undefined;
  }

  session.context = {
    ...entities,
    // The project's user model (AUTH_USER_MODEL): its own table and columns.
    ...userEntities,
    orm,
    em,
    sql: db.sql,
    /** Shows the plan for a desired state (an access document or a DesiredState); changes nothing. */
    plan: (desired: unknown) => run(desired, { dryRun: true }),
    /** Shows the plan and applies it after asking (or at once with {yes: true}), in one transaction. */
    apply: (desired: unknown, flags: { yes?: boolean } = {}) => run(desired, { yes: flags.yes }),
  };
  return session;
}

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;

/** What the shell shows of a value: the database's password masked (the raw client and the ORM hold it). */
export const hideSecrets =
  (db: Database) =>
  (text: string): string =>
    redact(maskUrlsIn(text), db.secrets);

/** Evaluates code as an expression (await allowed), or else as statements; returns the result printed, or ''. */
export async function evaluate(code: string, context: Record<string, unknown>, colors: boolean, hide: (text: string) => string = (text) => text): Promise<string> {
  const names = Object.keys(context);
  let fn: (...values: unknown[]) => Promise<unknown>;
  try {
    fn = new AsyncFunction(...names, `return (\n${code}\n);`);
  } catch {
    fn = new AsyncFunction(...names, code);
  }
  const result = await fn(...names.map((name) => context[name]));
  return result === undefined ? '' : hide(inspect(result, { colors, depth: 4 }));
}
