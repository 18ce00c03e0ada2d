// Builds the shipped CLI: dist/accessctl.mjs and lazily loaded chunks beside it (esbuild).
// .mjs: Node knows an ES module by that ending alone; for .js it looks up the package scope's
// package.json at every import it resolves (~5 ms of each start).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { mergeCoreChunks } from './merge-core-chunks.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// ACCESSCTL_DIST builds elsewhere: the tests build their own bundle without touching dist/.
const dist = process.env.ACCESSCTL_DIST ? path.resolve(process.env.ACCESSCTL_DIST) : path.join(root, 'dist');
const commandsDir = path.join(root, 'src', 'commands');
/** The built-in command modules: src/commands' files, but `_` files and tests. */
const commandFiles = () =>
  readdirSync(commandsDir)
    .filter((f) => /^[^_.][^.]*\.tsx?$/.test(f) && !/\.test\./.test(f))
    .sort();

/** The bundle cannot read src/commands at run time: record the folder's commands now, each a lazy chunk. */
const builtinCommandsPlugin = {
  name: 'builtin-commands',
  setup(b) {
    b.onLoad({ filter: /src[\\/]framework[\\/]builtin-commands\.ts$/ }, () => {
      const files = commandFiles();
      const entries = files.map((file) => {
        const name = file.replace(/\.tsx?$/, '');
        return `{ name: ${JSON.stringify(name)}, origin: 'built-in', load: () => importCommand(${JSON.stringify(name)}, () => import(${JSON.stringify(`../commands/${file}`)})) }`;
      });
      return {
        contents: `import { importCommand } from './folder-commands.js';\nexport function builtinCommandEntries() { return [${entries.join(',\n')}]; }\n`,
        loader: 'ts',
        resolveDir: path.join(root, 'src', 'framework'),
      };
    });
  },
};

/** The built-in lessons ship inside the bundle: their YAML texts inlined in place of the folder's listing. */
const lessonsDir = path.join(root, 'src', 'lessons');
const builtinLessonsPlugin = {
  name: 'builtin-lessons',
  setup(b) {
    b.onLoad({ filter: /src[\\/]lessons[\\/]index\.ts$/ }, () => {
      const pattern = /^\d+-(.+)\.ya?ml$/;
      const lessons = readdirSync(lessonsDir)
        .filter((file) => pattern.test(file))
        .sort()
        .map((file) => ({ name: file.replace(pattern, '$1'), file, text: readFileSync(path.join(lessonsDir, file), 'utf8') }));
      return { contents: `export const LESSON_FILE = ${pattern};\nexport function builtinLessonSources() { return ${JSON.stringify(lessons)}; }\n`, loader: 'js' };
    });
  },
};

/** Ink imports react-devtools-core only when DEV=true; the bundle does without it. */
const stubDevtoolsPlugin = {
  name: 'stub-devtools',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default { connectToDevTools() {} };', loader: 'js' }));
  },
};

/**
 * pg probes for Cloudflare Workers by constructing a `Response`, and touching that global makes
 * Node load undici (~11 ms at every start). This CLI never runs on Workers.
 */
const noCloudflareProbePlugin = {
  name: 'pg-no-cloudflare-probe',
  setup(b) {
    b.onLoad({ filter: /[\\/]pg[\\/]lib[\\/]stream\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const source = await readFile(args.path, 'utf8');
      const patched = source.replace("typeof Response === 'function'", 'false');
      if (patched === source) throw new Error('pg/lib/stream.js changed: review the Cloudflare probe patch');
      return { contents: patched, loader: 'js' };
    });
  },
};

/**
 * pg computes SCRAM-SHA-256 (PostgreSQL's default password authentication) with WebCrypto, whose every
 * step is a job on libuv's thread pool and a turn of the event loop; its module for Node < 15 does the
 * same with node:crypto's synchronous calls (the PBKDF2 of 4,096 rounds: ~1.5 ms against ~5–8 ms).
 */
const syncScramPlugin = {
  name: 'pg-sync-scram',
  setup(b) {
    b.onLoad({ filter: /[\\/]pg[\\/]lib[\\/]crypto[\\/]utils\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const source = await readFile(args.path, 'utf8');
      if (!source.includes("require('./utils-legacy')")) throw new Error('pg/lib/crypto/utils.js changed: review the SCRAM patch');
      return { contents: "'use strict'\nmodule.exports = require('./utils-legacy')\n", loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  outExtension: { '.js': '.mjs' },
  minify: true,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  // Drivers and tools knex and MikroORM load only when configured for them; this CLI never is.
  external: [
    'better-sqlite3',
    'sqlite3',
    'mysql',
    'mysql2',
    'oracledb',
    'tedious',
    'pg-query-stream',
    'pg-native',
    'libsql',
    '@mikro-orm/better-sqlite',
    '@mikro-orm/sqlite',
    '@mikro-orm/libsql',
    '@mikro-orm/mysql',
    '@mikro-orm/mariadb',
    '@mikro-orm/mssql',
    '@mikro-orm/mongodb',
    '@mikro-orm/entity-generator',
    '@mikro-orm/seeder',
    '@mikro-orm/cli',
    'ts-node',
    'ts-morph',
    '@swc/core',
    'tsx',
    'typescript',
    'mariadb',
    'mariadb/callback',
    'mssql',
    'kerberos',
  ],
  banner: {
    js: [
      "import { createRequire as __accessctlCreateRequire } from 'node:module';",
      "import { fileURLToPath as __accessctlFileURLToPath } from 'node:url';",
      "import { dirname as __accessctlDirname } from 'node:path';",
      'const require = __accessctlCreateRequire(import.meta.url);',
      'const __filename = __accessctlFileURLToPath(import.meta.url);',
      'const __dirname = __accessctlDirname(__filename);',
    ].join('\n'),
  },
  plugins: [builtinCommandsPlugin, builtinLessonsPlugin, stubDevtoolsPlugin, noCloudflareProbePlugin, syncScramPlugin],
  logLevel: 'warning',
};

const { metafile } = await build({ ...common, entryPoints: { accessctl: path.join(root, 'src', 'cli.ts') }, metafile: true, outdir: dist, splitting: true });
// The keeper (src/keeper.ts), which keeps an embedded database open between commands: one file, loaded by
// a process of its own; it shares no module instance with the CLI's.
await build({ ...common, entryPoints: [path.join(root, 'src', 'keeper.ts')], outfile: path.join(dist, 'keeper.mjs') });

if (process.env.ACCESSCTL_METAFILE) (await import('node:fs')).writeFileSync(process.env.ACCESSCTL_METAFILE, JSON.stringify(metafile));
// Fewer, larger modules where every command goes (scripts/merge-core-chunks.mjs says why).
const src = (...parts) => path.join(root, 'src', ...parts);
await mergeCoreChunks({
  dist,
  metafile,
  entry: 'accessctl.mjs',
  commands: commandFiles().map((f) => path.join(commandsDir, f)),
  groups: [
    // What the entry file loads before the rest (the early splash and engine compile), then what every run loads.
    { name: 'early', sources: [src('cli.ts')], always: true },
    { name: 'core', sources: [src('main.ts')], always: true },
    {
      // What every command that reads or changes access loads: the database layer, the plan engine, access
      // files, the schema check. (PGlite's own chunks stay as they are: its direct eval() is not for a second bundling.)
      name: 'data',
      sources: [
        src('db', 'database.ts'),
        src('framework', 'config.ts'),
        src('framework', 'plan-flow.ts'),
        src('domain', 'access-file', 'read.ts'),
        src('domain', 'access-file', 'located.ts'),
        src('domain', 'access-file', 'to-desired.ts'),
        src('domain', 'input-text.ts'),
        src('db', 'schema', 'migrate.ts'),
        src('db', 'schema', 'migrations', 'names.ts'),
      ],
    },
    // A confirmation prompt: Ink and React, which the console then takes from here.
    { name: 'prompt', sources: [src('ui', 'confirm-prompt.tsx')] },
    { name: 'console', sources: [src('ui', 'console', 'run.tsx'), src('ui', 'console', 'backend.ts')] },
  ],
});

// PGlite finds its WebAssembly and data files beside the module that loads it.
const pgliteDist = path.join(root, 'node_modules', '@electric-sql', 'pglite', 'dist');
for (const file of ['pglite.wasm', 'pglite.data', 'initdb.wasm']) copyFileSync(path.join(pgliteDist, file), path.join(dist, file));
console.log(`built ${path.relative(root, dist)}/accessctl.mjs`);
