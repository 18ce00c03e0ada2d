import { defineCommand } from '../framework/command.js';
import type { OutputWrapper } from '../framework/output.js';

/**
 * psql writes to the terminal itself when the command's output is the process's own (an interactive psql
 * must: it buffers what it writes to a pipe, its prompt included); else through the wrapper.
 */
const streamFor = (wrapper: OutputWrapper, own: NodeJS.WriteStream) =>
  wrapper.sink === own || wrapper.sink.stream === own ? ('inherit' as const) : (chunk: string) => wrapper.sink.write(chunk);

export default defineCommand({
  help: 'Open psql on the configured database (the embedded one is served on a private socket meanwhile)',
  description:
    "Runs psql connected to the configured database; its exit code is this command's. Arguments after -- go to psql,\n" +
    'e.g. accessctl dbshell -- -c "select count(*) from auth_user". The password goes to psql in a private\n' +
    'temporary passfile, never on its command line. The embedded database stays locked while psql runs.',
  passThrough: 'psql',
  async handle({ services, passThrough, env, stdout, stderr }) {
    const db = await services.database();
    const { runPsql } = await import('../db/psql.js');
    return db.handOver((settings) => runPsql(settings, passThrough, env, { stdout: streamFor(stdout, process.stdout), stderr: streamFor(stderr, process.stderr) }));
  },
});
