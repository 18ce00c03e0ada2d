import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startPgServer, type PgServer } from './pg-server.js';
import { makeTemplates, type Templates } from './templates.js';

let server: PgServer | undefined;
let templates: Templates | undefined;

/** Starts one PostgreSQL server for the whole run; each test file makes its own databases on it. */
export async function setup(project: TestProject): Promise<void> {
  try {
    server = await startPgServer();
    project.provide('pg', { adminUrl: server.adminUrl, port: server.port, password: server.password, bin: server.bin });
  } catch (error) {
    // In CI a missing server is a failure; on a developer's machine the server tests are skipped.
    if (process.env.CI === 'true') throw error;
    console.warn(`PostgreSQL server tests will be skipped: ${(error as Error).message}`);
    project.provide('pg', null);
  }
  // The terminal tests run what ships, the bundle (bin/accessctl.js runs dist/ when it is there),
  // built from the sources under test; it also starts in a tenth of the time tsx takes.
  execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url))], { stdio: 'pipe' });
  // Made once per run and copied per test: creating a database (initdb, the schema) is the slow part.
  templates = await makeTemplates(server?.adminUrl);
  project.provide('templates', templates);
}

export async function teardown(): Promise<void> {
  server?.stop();
  if (templates) rmSync(templates.root, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pg: { adminUrl: string; port: number; password: string; bin: string } | null;
    templates: Templates;
  }
}
