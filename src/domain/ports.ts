import type { Plan } from './plan/changes.js';
import type { CurrentState, StateScope } from './plan/current-state.js';
import type { DesiredState } from './plan/desired-state.js';
import type {
  AccessSnapshotUser,
  UserFilter,
  UserPageRequest,
  GroupDetail,
  GroupFilter,
  GroupPageRequest,
  GroupRow,
  MatrixRow,
  PageRequest,
  PermissionHolderRows,
  PermissionInfo,
  UserDetail,
  UserRow,
  Window,
  WindowRequest,
} from './read-models.js';

/**
 * What the domain needs from a database, and nothing more: src/db implements these (the domain
 * never sees SQL), and tests of the pure code can hand it plain objects.
 */

/** Reads the part of the auth tables a scope names. */
export interface StateReader {
  readState(scope: StateScope): Promise<CurrentState>;
}

export type ProgressListener = (done: number, total: number, step: string) => void;

/** Writes a plan; it must touch exactly the rows the plan names, or fail (and the transaction rolls back). */
export interface PlanWriter {
  writePlan(plan: Plan, desired: DesiredState, onProgress?: ProgressListener): Promise<void>;
}

/** The auth tables as the plan engine reads and writes them. */
export interface AccessStore extends StateReader {
  /**
   * Runs fn in one transaction with the auth tables locked against other writers (readers go on):
   * committed when fn returns, rolled back when it throws.
   */
  lockedForWrite<T>(fn: (tx: StateReader & PlanWriter) => Promise<T>): Promise<T>;
}

/** The console's read models: one page at a time, filtered and counted in the database. */
export interface BrowseQueries {
  countUsers(filter?: string, where?: UserFilter): Promise<number>;
  usersPage(request: UserPageRequest): Promise<UserRow[]>;
  countGroups(filter?: string, where?: GroupFilter): Promise<number>;
  groupsPage(request: GroupPageRequest): Promise<GroupRow[]>;
  userDetail(username: string): Promise<UserDetail | undefined>;
  groupDetail(name: string): Promise<GroupDetail | undefined>;
  /** Which of these users are members of the group. */
  membersAmong(group: string, usernames: string[]): Promise<Set<string>>;
  permissions(filter?: string): Promise<PermissionInfo[]>;
  /** For pickers: windows of the matches of a filter (permissions in either notation), and how many match. */
  permissionsWindow(request: WindowRequest): Promise<Window<PermissionInfo>>;
  groupNamesWindow(request: WindowRequest): Promise<Window<string>>;
  usersWindow(request: WindowRequest): Promise<Window<{ username: string; email: string }>>;
  /** The users with any path to a permission (see holders.ts for who holds it, by has_perm). */
  holders(key: string): Promise<PermissionHolderRows>;
  userExists(username: string): Promise<boolean>;
  groupExists(name: string): Promise<boolean>;
  /** What the permissions of these users depend on. */
  userAccess(usernames: string[]): Promise<Map<string, AccessSnapshotUser>>;
  groupPermissionSets(groups: string[]): Promise<Map<string, Set<string>>>;
  /** The first members, by username, of any of these groups. */
  membersOfGroups(groups: string[], limit: number): Promise<string[]>;
  apps(): Promise<string[]>;
  /** The models (content types) whose APP_LABEL:MODEL contains the filter, a window at a time: where a new permission may go. */
  contentTypes(request: WindowRequest): Promise<Window<{ appLabel: string; model: string }>>;
  /** The permissions of an app, by model and codename: the matrix's columns. */
  appPermissions(appLabel: string): Promise<PermissionInfo[]>;
  /** A page of the groups, each with the app's permissions it has: the matrix's rows. */
  matrix(appLabel: string, request: PageRequest): Promise<MatrixRow[]>;
}
