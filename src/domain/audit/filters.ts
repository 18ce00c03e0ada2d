import { InvalidInput } from '../errors.js';
import { modelOf } from '../explain.js';
import { parsePermissionRef, permissionKey, type PermissionRef } from '../permission-ref.js';
import type { StateReader } from '../ports.js';
import { quoted } from '../text.js';

/** Which records `log` (and the console's History) shows. */
export interface LogFilter {
  since?: Date;
  until?: Date;
  user?: string;
  group?: string;
  /** A permission key, APP_LABEL:MODEL:CODENAME with the model in lower case. */
  permission?: string;
  limit?: number;
}

/** A filter as written: a permission in Django's has_perm form (APP_LABEL.CODENAME) still to be found in the catalogue. */
export interface ParsedLogFilter extends LogFilter {
  shortPermission?: PermissionRef;
}

/** The filter to read with: a has_perm-form permission resolved to its key (an unknown or ambiguous one is refused). */
export async function resolveLogFilter(store: StateReader, parsed: ParsedLogFilter): Promise<LogFilter> {
  const { shortPermission, ...filter } = parsed;
  if (!shortPermission) return filter;
  const { catalogue } = await store.readState({ usernames: [], groupNames: [], appLabels: [shortPermission.appLabel] });
  return { ...filter, permission: permissionKey({ ...shortPermission, model: modelOf(shortPermission, catalogue) }) };
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * A point in time from a date (2026-11-01), a date and time (2026-11-01T12:00, ISO 8601), or a
 * duration back from `now` (90m, 12h, 7d, 2w). A bare date is midnight UTC.
 */
export function parseMoment(text: string, now: Date, what: string): Date {
  const duration = /^(\d+)\s*([mhdw])$/.exec(text.trim());
  const unit = duration?.[2];
  if (duration && unit) return new Date(now.getTime() - Number(duration[1]) * (UNITS[unit] ?? 0));
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())) {
    const iso = text.trim().replace(' ', 'T');
    const date = new Date(/T.*(Z|[+-]\d{2}:?\d{2})$/.test(iso) || !iso.includes('T') ? iso : `${iso}Z`);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new InvalidInput([`invalid ${what} ${quoted(text)}: use a date (2026-11-01), a date and time (2026-11-01T12:00Z) or a duration (90m, 12h, 7d, 2w)`]);
}

/** A duration in days ("400d", "8w"), for the retention setting. */
export function parseDurationDays(text: string, what: string): number {
  const match = /^(\d+)\s*([dw])$/.exec(text.trim());
  if (!match) throw new InvalidInput([`invalid ${what} ${quoted(text)}: use days or weeks, e.g. 365d or 52w`]);
  return Number(match[1]) * (match[2] === 'w' ? 7 : 1);
}

/** The filter from `log`'s options (and the console's History), every bad value named. */
export function parseLogFilter(options: { since?: string; until?: string; user?: string; group?: string; permission?: string }, now: Date): ParsedLogFilter {
  const filter: ParsedLogFilter = {};
  if (options.since !== undefined) filter.since = parseMoment(options.since, now, '--since');
  if (options.until !== undefined) filter.until = parseMoment(options.until, now, '--until');
  if (options.user) filter.user = options.user;
  if (options.group) filter.group = options.group;
  if (options.permission) {
    const ref = parsePermissionRef(options.permission);
    if (typeof ref === 'string') throw new InvalidInput([ref]);
    // The log keeps whole keys; the has_perm form is found in the catalogue (resolveLogFilter).
    if (ref.model === undefined) filter.shortPermission = ref;
    else filter.permission = permissionKey({ ...ref, model: ref.model });
  }
  return filter;
}

const WORDS = ['since', 'until', 'user', 'group', 'permission'] as const;

/**
 * The console History's filter line: `since:7d user:groucho group:editors permission:app:model:codename
 * until:2026-11-01`, the options of `log` as words (`perm:` is short for permission).
 */
export function parseFilterWords(text: string, now: Date): ParsedLogFilter {
  const options: Partial<Record<(typeof WORDS)[number], string>> = {};
  for (const word of text.trim().split(/\s+/).filter(Boolean)) {
    const colon = word.indexOf(':');
    const name = (colon > 0 ? word.slice(0, colon) : '').replace(/^perm$/, 'permission');
    if (!(WORDS as readonly string[]).includes(name) || colon === word.length - 1) {
      throw new InvalidInput([`invalid filter ${quoted(word)}: use since:WHEN until:WHEN user:NAME group:NAME permission:APP_LABEL:MODEL:CODENAME`]);
    }
    options[name as (typeof WORDS)[number]] = word.slice(colon + 1);
  }
  return parseLogFilter(options, now);
}
