import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testJournal } from './support/journal.js';
import { buildSandbox, readProgress } from '../src/db/demo-sandbox.js';
import { Database } from '../src/db/database.js';
import { sandboxLessonStore } from '../src/db/lesson-store.js';
import { desiredFromEdits } from '../src/domain/edits.js';
import { loadLesson } from '../src/domain/lessons/load.js';
import { LessonSession } from '../src/domain/lessons/session.js';
import { applyDesiredState, planChanges } from '../src/domain/plan/engine.js';
import { run } from './support/targets.js';
import { tempFolder } from './support/temp-folders.js';

const dir = tempFolder('accessctl-lessons-');
const file = (name: string, text: string) => {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
};

const TRAINER_LESSON = `title: Our support desk
introduction: How our support team is set up.
steps:
  - task: Which group may escalate a ticket?
    hints: [Look at the groups' permissions.]
    check:
      question: Which group may escalate a ticket?
      answer: support_leads
  - task: Put maria in support_leads.
    check:
      state:
        users:
          maria: {groups: [support_leads, warehouse]}
        groups:
          support_leads: null
`;

describe('lessons: listing and lesson files', () => {
  it('lists the four built-in lessons in order', async () => {
    const listed = await run(undefined, ['lessons']);
    expect(listed.code).toBe(0);
    expect(
      listed.stdout
        .split('\n')
        .slice(0, 4)
        .map((line) => line.split(/\s+/)[1]),
    ).toEqual(['reading-access', 'groups-and-flags', 'exact-group', 'scripting']);
  });

  it("checks a trainer's lesson file from a path", async () => {
    const at = file('support-desk.yaml', TRAINER_LESSON);
    const checked = await run(undefined, ['lessons', at]);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('a valid lesson, "Our support desk" (2 steps)');
  });

  it('reports every problem of a broken lesson at once, with file:line:column and path, and opens nothing', async () => {
    const at = file(
      'broken.yaml',
      `title: Broken
introduction: 3
steps:
  - task: Do it
    colour: red
    check:
      state:
        groups:
          refunds: [shop:order]
  - task: Answer
    check:
      question: Which?
  - task: Both
    check:
      answer: [a, b]
      state: {users: {bob: {staff: "yes"}}}
`,
    );
    for (const args of [
      ['lessons', at],
      ['demo', '--lesson', at, '--data-dir', path.join(dir, 'never-built')],
    ]) {
      const result = await run(undefined, args);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([
        `Error: ${at}:2:15: introduction: expected string, got number`,
        `Error: ${at}:5:5: steps[0].colour: unknown key "colour"`,
        `Error: ${at}:16:36: steps[2].check.state.users.bob.staff: expected boolean, got string`,
      ]);
    }
    // Once the shape is right, what it means is checked, every problem again at once.
    const meaning = file('meaning.yaml', TRAINER_LESSON.replace('support_leads: null', 'support_leads: [shop:order]').replace('      answer: support_leads\n', ''));
    const result = await run(undefined, ['lessons', meaning]);
    expect(result.stderr.trim().split('\n')).toEqual([
      `Error: ${meaning}:7:7: steps[0].check.question: missing (expected the answer to the question)`,
      `Error: ${meaning}:14:27: steps[1].check.state.groups.support_leads[0]: invalid permission "shop:order": use the form APP_LABEL:MODEL:CODENAME or APP_LABEL.CODENAME`,
    ]);
    expect((await import('node:fs')).existsSync(path.join(dir, 'never-built'))).toBe(false);
  });

  it('names an unknown lesson and the built-in ones', async () => {
    const result = await run(undefined, ['demo', '--lesson', 'nosuch', '--data-dir', path.join(dir, 'never-built')]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('Error: no lesson named "nosuch" and no such file (built-in lessons: reading-access, groups-and-flags, exact-group, scripting)');
  });
});

describe('a lesson on a sandbox: checks after an apply, answers, progress kept', () => {
  let db: Database;
  beforeAll(async () => {
    db = await Database.open({ kind: 'embedded', dataDir: path.join(dir, 'sandbox') });
    const { migrate } = await import('../src/db/schema/migrate.js');
    await migrate(db);
    await buildSandbox(db.sql, testJournal());
  }, 300_000);
  afterAll(() => db?.close());

  const apply = async (edits: Parameters<typeof desiredFromEdits>[0]) => {
    const desired = desiredFromEdits(edits);
    await applyDesiredState(db.recordedAccess(testJournal()), desired, await planChanges(db.access, desired), { onStale: 'abort' });
  };

  it('advances on the right answer or a state that holds, says what is missing otherwise, and resumes where it was', async () => {
    const lesson = loadLesson(TRAINER_LESSON, 'support-desk', 'support-desk.yaml');
    const store = sandboxLessonStore(db.sql);
    const session = await LessonSession.start(lesson, store);
    session.hint();
    expect(session.view().hints).toBe(1);
    await session.answer('editors');
    expect(session.view()).toMatchObject({ step: 0, message: { good: false } });
    await session.answer('  Support_Leads ');
    expect(session.view()).toMatchObject({ step: 1, hints: 0, done: { step: 0, commands: [] } });

    await apply([{ kind: 'user.group', username: 'maria', email: 'maria@example.com', group: 'finance', add: true }]);
    await session.afterApply(['accessctl manage_user maria maria@example.com -g finance warehouse --yes']);
    expect(session.view().step).toBe(1);
    expect(session.view().message?.text).toBe('Applied, but the step is not done yet: user "maria" lacks group "support_leads" (and 1 more).');

    await apply([
      { kind: 'user.group', username: 'maria', email: 'maria@example.com', group: 'finance', add: false },
      { kind: 'user.group', username: 'maria', email: 'maria@example.com', group: 'support_leads', add: true },
    ]);
    await session.afterApply(['accessctl manage_user maria maria@example.com -g support_leads warehouse --yes']);
    expect(session.complete).toBe(true);
    expect(session.view().done).toEqual({ step: 1, commands: ['accessctl manage_user maria maria@example.com -g support_leads warehouse --yes'] });
    expect((await readProgress(db.sql)).get('support-desk')).toBe(2);
    expect((await LessonSession.start(lesson, store)).view().step).toBe(2);
  });
});
