// npm run bench (part 3): the console at scale (100,000 users, 1,000 groups, 5,000 permissions)
// on a real server: time to the first screen, and from a key press to the next frame.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { render } from 'ink-testing-library';
import pg from 'pg';
import React from 'react';
import { seedScale } from '../scripts/seed-scale.js';
import { Database } from '../src/db/database.js';
import { ConsoleApp } from '../src/ui/console/app.js';
import { backendOf } from '../src/ui/console/backend.js';
import { startPgServer } from '../test/support/pg-server.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const BIN = path.join(root, 'bin', 'accessctl.js');
const USERS = Number(process.env.BENCH_CONSOLE_USERS ?? 100_000);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

const server = await startPgServer();
try {
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE bench_console');
  await admin.end();
  const url = server.adminUrl.replace(/\/postgres$/, '/bench_console');
  spawnSync(process.execPath, [BIN, 'migrate', '--database-url', url]);
  await seedScale(url, USERS);

  // Whole process, as a person starts it: tmux runs the binary; poll the screen for the first page.
  const session = `accessctl-bench-${process.pid}`;
  const started = process.hrtime.bigint();
  execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '80', '-y', '24', `unset CI; ${process.execPath} ${BIN} --database-url '${url}'`]);
  let firstScreen = NaN;
  for (let i = 0; i < 2000; i++) {
    const screen = execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
    if (screen.includes(`of ${USERS} users`)) {
      firstScreen = Number(process.hrtime.bigint() - started) / 1e6;
      break;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  spawnSync('tmux', ['kill-session', '-t', session]);

  // In-process, for frame timings: the same app and backend, rendered by ink-testing-library.
  const db = await Database.open({ kind: 'server', url });
  const renderStart = performance.now();
  const ui = render(React.createElement(ConsoleApp, { backend: backendOf(db.browse, db.access, 'bench'), color: false, size: { columns: 80, rows: 24 }, onExit: () => undefined }));
  const frameAfter = async (previous: string | undefined, test: (frame: string) => boolean) => {
    for (;;) {
      const frame = ui.lastFrame() ?? '';
      if (frame !== previous && test(frame)) return frame;
      await new Promise((r) => setImmediate(r));
    }
  };
  await frameAfter(undefined, (f) => f.includes(`of ${USERS} users`));
  const firstFrame = performance.now() - renderStart;
  const keyTimes: number[] = [];
  const pressAndWait = async (key: string, expect: (frame: string) => boolean) => {
    await new Promise((r) => setTimeout(r, 20));
    const before = ui.lastFrame();
    const start = performance.now();
    ui.stdin.write(key);
    await frameAfter(before, expect);
    keyTimes.push(performance.now() - start);
  };
  // Down through two pages (each step past the edge reads one more row by key), then PgDn, then back up.
  for (let i = 1; i <= 45; i++) await pressAndWait('j', (f) => f.includes(`${i + 1} of ${USERS} users`));
  for (let i = 0; i < 10; i++) await pressAndWait('\u001b[6~', (f) => f.includes(`of ${USERS} users`));
  for (let i = 0; i < 20; i++) await pressAndWait('k', (f) => f.includes(`of ${USERS} users`));
  const rss = process.memoryUsage().rss / 1024 / 1024;
  ui.unmount();
  await db.close();

  console.log(`\nConsole on a PostgreSQL server with ${USERS} users, 1,000 groups, 5,000 permissions (80×24):\n`);
  console.log(`first screen, whole process (tmux, from spawn)  ${firstScreen.toFixed(0)} ms`);
  console.log(`first screen, in process (render to first page) ${firstFrame.toFixed(0)} ms`);
  console.log(`key press to next frame (${keyTimes.length} keys: j, PgDn, k)  median ${percentile(keyTimes, 0.5).toFixed(1)} ms, p95 ${percentile(keyTimes, 0.95).toFixed(1)} ms, max ${Math.max(...keyTimes).toFixed(1)} ms`);
  console.log(`memory (rss of the measuring process)           ${rss.toFixed(0)} MB`);
} finally {
  server.stop();
}
