/** How a plan came in: the record says which, and for a file, which content exactly. */
export type WayIn =
  { kind: 'command' } | { kind: 'access-file'; path: string; sha256: string } | { kind: 'console' } | { kind: 'saved-plan'; path: string; sha256: string };

/** Who applied a plan, from where, with what: every field already fit to store (secrets masked). */
export interface RecordOrigin {
  osUser: string;
  host: string;
  version: string;
  /** The command line, with passwords in URLs and password hashes replaced by ***. */
  commandLine: string;
  wayIn: WayIn;
  /** The database, its password masked. */
  target: string;
  /** The Django user named by --actor, whose admin history shows the changes. */
  actor?: string;
}

/** One row of accessctl_change_log. */
export interface ChangeRecord extends Omit<RecordOrigin, 'wayIn'> {
  id: number;
  appliedAt: Date;
  action: 'apply' | 'prune';
  wayIn: WayIn['kind'];
  sourcePath?: string;
  sourceSha256?: string;
  /** The plan's changes (action 'apply'), or what a prune removed (action 'prune'). */
  changes: unknown;
}

/** The change log as the console's History reads it; undefined when the database has none. */
export interface ChangeLogReader {
  records(filter: import('./filters.js').LogFilter): Promise<ChangeRecord[] | undefined>;
}
