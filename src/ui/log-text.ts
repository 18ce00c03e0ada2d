import type { ChangeRecord } from '../domain/audit/record.js';
import type { Change } from '../domain/plan/changes.js';
import { printable } from '../domain/text.js';
import { planLines } from './plan-text.js';

const WAY_IN: Record<ChangeRecord['wayIn'], string> = { command: 'command line', 'access-file': 'access file', console: 'console', 'saved-plan': 'saved plan' };

/** The record's changes (an apply's), or [] for a prune. */
export function recordChanges(record: ChangeRecord): Change[] {
  const changes = (record.changes as { changes?: Change[] } | null)?.changes;
  return record.action === 'apply' && Array.isArray(changes) ? changes : [];
}

/** The heading of a record: number, time, who, how. Every stored value escaped. */
export function recordHeading(record: ChangeRecord): string {
  const actor = record.actor ? `, as Django user ${printable(record.actor)}` : '';
  return `#${record.id}  ${record.appliedAt.toISOString()}  ${printable(record.osUser)}@${printable(record.host)}  via ${WAY_IN[record.wayIn] ?? printable(record.wayIn)}${actor}`;
}

/** A record as `log` prints it: its heading, where it came from, and its changes as a plan shows them. */
export function recordLines(record: ChangeRecord): string[] {
  const lines = [recordHeading(record)];
  lines.push(`    command: ${printable(record.commandLine, 1000)}`);
  if (record.sourcePath)
    lines.push(`    ${record.wayIn === 'saved-plan' ? 'plan' : 'file'}: ${printable(record.sourcePath, 1000)} (sha256 ${printable(record.sourceSha256 ?? '')})`);
  lines.push(`    target: ${printable(record.target, 1000)}  accessctl ${printable(record.version)}`);
  if (record.action === 'prune') {
    const { pruned_before: before, removed } = (record.changes ?? {}) as { pruned_before?: string; removed?: number };
    lines.push(`    pruned ${removed ?? 0} record${removed === 1 ? '' : 's'} applied before ${printable(before ?? '?')}`);
  } else {
    for (const line of planLines({ changes: recordChanges(record), warnings: [], notes: [] })) lines.push(`    ${printable(line.text, 1000)}`);
  }
  return lines;
}

/** --json: the full record, in the table's own field names. */
export function recordJson(record: ChangeRecord): Record<string, unknown> {
  return {
    id: record.id,
    applied_at: record.appliedAt.toISOString(),
    action: record.action,
    os_user: record.osUser,
    host: record.host,
    accessctl_version: record.version,
    command_line: record.commandLine,
    way_in: { kind: record.wayIn, ...(record.sourcePath ? { path: record.sourcePath, sha256: record.sourceSha256 } : {}) },
    target: record.target,
    actor: record.actor ?? null,
    changes: record.changes,
  };
}
