import type { ChangeJournal } from '../../src/db/change-log.js';
import type { RecordOrigin } from '../../src/domain/audit/record.js';

/** The origin a test's in-process applies are recorded with. */
export const TEST_ORIGIN: RecordOrigin = {
  osUser: 'tester',
  host: 'test-host',
  version: 'test',
  commandLine: 'accessctl console',
  wayIn: { kind: 'console' },
  target: 'test database',
};

/** How tests that call the engine or the console backend directly record: as the console does. */
export const testJournal = (actor?: string): ChangeJournal => ({ origin: { ...TEST_ORIGIN, actor }, changeLog: 'required' });
