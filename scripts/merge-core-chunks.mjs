// Merges the chunks that commands load together into a few modules, after esbuild's split build.
//
// Why: esbuild splits the code into a chunk per set of entry points that reach it, and the code every
// command runs is reached from many lazily loaded entry points (each command, the console, the database
// layer), so an `apply` loaded 53 small modules. Node 20's ES module loader spends ~0.5 ms on each
// (resolve, read, compile, link, evaluate): 40-50 ms for those, against ~20 ms for the same code as one
// module. Node 22's compile cache would not help Node 20 users, and esbuild has no manual chunks.
//
// Each group is named by source modules: the entry's (what the early splash and engine compile need,
// which must not wait for more), the main module's (src/main.ts, with everything it imports statically),
// which every run loads, then modules loaded with import() that go together (the database layer and the
// plan engine; the console). A chunk something else loads with import() is merged only into the group
// of its own module. A merged module re-exports each
// chunk's exports as `_<chunk>$<name>`, and every import of a merged chunk elsewhere is rewritten to it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const CHUNK = /^chunk-[A-Z0-9]+\.mjs$/;
const IMPORT_FROM = /import\s*\{([^}]*)\}\s*from\s*"\.\/(chunk-[A-Z0-9]+\.mjs)"/g;
const IMPORT_BARE = /import\s*"\.\/(chunk-[A-Z0-9]+\.mjs)"/g;
const IMPORT_DYNAMIC = /import\(\s*"\.\/(chunk-[A-Z0-9]+\.mjs)"\s*\)/g;
// An identifier may not start with a digit, as chunk hashes may.
const idOf = (file) => `_${file.replace(/^chunk-|\.mjs$/g, '')}`;

/** The outputs of a metafile by file name, with their static and dynamic imports of other chunks. */
function graphOf(metafile, dist) {
  const graph = new Map();
  for (const [output, info] of Object.entries(metafile.outputs)) {
    const file = path.relative(dist, path.resolve(output));
    if (!file.endsWith('.mjs')) continue;
    const imports = (kind) => info.imports.filter((i) => i.kind === kind && !i.external).map((i) => path.relative(dist, path.resolve(i.path)));
    graph.set(file, { exports: info.exports, statics: imports('import-statement'), dynamics: imports('dynamic-import'), entryPoint: info.entryPoint });
  }
  return graph;
}

function staticClosure(graph, from) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of graph.get(file)?.statics ?? []) visit(next);
  };
  visit(from);
  return seen;
}

/**
 * Merges `members` (chunk file names) into one module `NAME-[hash].mjs` (the hash of its code as first
 * bundled), and points every other module of dist/ at it. A member loaded with import() elsewhere gets
 * its own export names back there.
 */
async function mergeInto(dist, graph, members, name) {
  const inGroup = new Set(members);
  // The merged module: each chunk's exports under a name of its own, so that none collide.
  const entrySource = members.map((file) => {
    const names = graph.get(file).exports.map((name) => `${name} as ${idOf(file)}$${name}`);
    return names.length ? `export { ${names.join(', ')} } from './${file}';` : `import './${file}';`;
  });
  const virtual = path.join(dist, `__${name}-entry.mjs`);
  writeFileSync(virtual, entrySource.join('\n'));
  const out = path.join(dist, `__${name}.mjs`);
  try {
    await build({
      entryPoints: [virtual],
      outfile: out,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
      plugins: [
        {
          name: 'keep-other-modules',
          setup(b) {
            b.onResolve({ filter: /^\.\/[a-z]+-[A-Z0-9]+\.mjs$/ }, (args) => (inGroup.has(args.path.slice(2)) ? undefined : { path: args.path, external: true }));
          },
        },
      ],
    });
  } finally {
    rmSync(virtual, { force: true });
  }
  const code = readFileSync(out, 'utf8');
  const merged = `${name}-${createHash('sha256').update(code).digest('hex').slice(0, 8).toUpperCase()}.mjs`;
  renameSync(out, path.join(dist, merged));

  const alias = (file, list) =>
    list
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name, local = name] = part.split(/\s+as\s+/);
        return `${idOf(file)}$${name} as ${local}`;
      })
      .join(',');
  const others = readdirSync(dist).filter((file) => file.endsWith('.mjs') && !inGroup.has(file));
  for (const file of others) {
    const full = path.join(dist, file);
    const before = readFileSync(full, 'utf8');
    const after = before
      .replace(IMPORT_FROM, (whole, list, target) => (inGroup.has(target) ? `import{${alias(target, list)}}from"./${merged}"` : whole))
      .replace(IMPORT_BARE, (whole, target) => (inGroup.has(target) ? `import"./${merged}"` : whole))
      .replace(IMPORT_DYNAMIC, (whole, target) => {
        if (!inGroup.has(target)) return whole;
        const names = graph.get(target).exports.map((name) => `${JSON.stringify(name)}:m.${idOf(target)}$${name}`);
        return `import("./${merged}").then(m=>({${names.join(',')}}))`;
      });
    if (after !== before) writeFileSync(full, after);
  }
  for (const file of members) rmSync(path.join(dist, file));
  // Nothing may still name a merged chunk.
  for (const file of others) {
    const text = readFileSync(path.join(dist, file), 'utf8');
    const left = members.find((gone) => text.includes(gone));
    if (left) throw new Error(`merge-core-chunks: ${file} still refers to ${left}`);
  }
  return merged;
}

/**
 * `groups`: `{ name, sources, always }` in order; each merges its modules' chunks and what they import
 * statically that no earlier group holds (`always`: every run loads it). `commands`: the command
 * modules' sources, which `help` loads all of.
 */
export async function mergeCoreChunks({ dist, metafile, entry, groups, commands }) {
  const graph = graphOf(metafile, dist);
  const chunkOf = (source) => {
    const found = [...graph].find(([, info]) => info.entryPoint && path.resolve(info.entryPoint) === path.resolve(source))?.[0];
    if (!found) throw new Error(`merge-core-chunks: no output chunk for ${source}`);
    return found;
  };
  const taken = new Set([entry]);
  const dynamicTargets = new Set([...graph.values()].flatMap((info) => info.dynamics));
  const readByHelp = new Set(commands.flatMap((source) => [...staticClosure(graph, chunkOf(source))]));
  const made = [];
  for (const { name, sources, always = false } of groups) {
    const targets = sources.map(chunkOf);
    const closure = new Set(targets.flatMap((target) => [...staticClosure(graph, target)]));
    // Every run loads the entry's and the main module's groups, so they may take whatever they import.
    // A later group leaves out what a command module imports statically: `help` reads every command,
    // and would load the whole group for it.
    const members = [...closure].filter(
      (file) => CHUNK.test(file) && !taken.has(file) && (always || !readByHelp.has(file)) && (targets.includes(file) || !dynamicTargets.has(file)),
    );
    for (const file of members) taken.add(file);
    if (members.length > 1) made.push({ file: await mergeInto(dist, graph, members, name), chunks: members.length });
  }
  return made;
}
