import type { WayIn } from '../domain/audit/record.js';
import type { InvalidInput, Problem } from '../domain/errors.js';
import type { SavedPlan } from '../domain/plan/saved-plan.js';
import type { DesiredState } from '../domain/plan/desired-state.js';
import type { ArgumentSpecs, CommandContext, CommandSpec, OptionSpecs } from './command.js';

/** The options of every command that changes access. */
export const PLAN_OPTIONS = {
  yes: { type: 'boolean', shortFlag: 'y', help: 'apply without asking (for scripts and cron)' },
  dryRun: { type: 'boolean', help: 'show the plan and change nothing' },
  detailedExitcode: { type: 'boolean', help: 'exit 0 with no changes, 2 with changes (pending or applied), 1 on error' },
  json: { type: 'boolean', help: 'print the plan and its outcome as JSON on stdout' },
  planOut: { type: 'string', metavar: 'FILE', help: 'also write the plan to FILE (JSON), for `apply --plan FILE` after review' },
  actor: { type: 'string', metavar: 'USERNAME', help: 'the Django user whose admin history shows the changes (default: $ACCESSCTL_ACTOR)' },
} as const satisfies OptionSpecs;

export type PlanOptions = typeof PLAN_OPTIONS;

export interface PlanInput {
  /** Problems found before planning (an access file's bad permission strings), reported with the planner's. */
  problems?: Problem[];
  /** Turns problems into messages with their place in the input. */
  explain?: (problems: Problem[]) => InvalidInput;
  /** How the desired state came in, for the change log (default: a command). */
  wayIn?: WayIn;
  /** A saved plan being applied: exactly it, or nothing. */
  saved?: SavedPlan;
}

/** A desired state with what the command found wrong in its input before planning. */
export interface PlanRequest extends PlanInput {
  desired: DesiredState;
}

export interface PlanCommandSpec<A extends ArgumentSpecs = ArgumentSpecs, O extends OptionSpecs = OptionSpecs> extends Omit<CommandSpec<A, O>, 'handle'> {
  /** Builds the desired state from the command line; the framework plans, shows, confirms and applies it. */
  plan(ctx: CommandContext<A, O & PlanOptions>): Promise<DesiredState | PlanRequest>;
}

const isRequest = (value: DesiredState | PlanRequest): value is PlanRequest => 'desired' in value;

/**
 * A command that changes access: it only says what it wants (`plan`), and gets --yes, --dry-run,
 * --json, --detailed-exitcode, the prompt and the one-transaction apply of every built-in command.
 * A project's command module gets the same by exporting an object with `plan` instead of `handle`.
 */
export function definePlanCommand<const A extends ArgumentSpecs = [], const O extends OptionSpecs = Record<never, never>>(
  spec: PlanCommandSpec<A, O>,
): CommandSpec<A, O & PlanOptions> {
  const { plan, ...rest } = spec;
  return {
    ...rest,
    options: { ...(spec.options as O), ...PLAN_OPTIONS },
    async handle(ctx) {
      const wanted = await plan(ctx);
      // Loaded when a plan is made: `help` reads every command without the plan engine.
      const { planAndApply } = await import('./plan-flow.js');
      return isRequest(wanted) ? planAndApply(ctx, wanted.desired, wanted) : planAndApply(ctx, wanted);
    },
  };
}
