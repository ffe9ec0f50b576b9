// Builds dist/ with esbuild: one ESM entry plus lazily loaded chunks (code splitting), dependencies
// included. Start-up time is a product requirement: a bundle avoids resolving and reading ~150 small
// module files on every run, and the chunks keep Octokit, zod and the renderers off the paths that
// do not use them. Type-checking stays with `tsc` (npm run typecheck).
import { build } from 'esbuild';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
await rm(dist, { recursive: true, force: true });

// `import process from 'node:process'` (env-paths, ora) makes Node build an ES module facade of the process
// object, and building it reads every property: process.stdin opens a stream, allowedNodeEnvironmentFlags
// parses every flag Node has, a few ms on every run. The default export is the global `process` itself, so
// it is taken from there; a named import from node:process finds no export here and fails the build.
const globalProcess = {
  name: 'global-process',
  setup(b) {
    // ES imports only: require('process') (Commander) gets the process object from Node, no facade involved.
    b.onResolve({ filter: /^(node:)?process$/ }, (args) => (args.kind === 'import-statement' ? { path: 'process', namespace: 'global-process' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'global-process' }, () => ({ contents: 'export default globalThis.process;', loader: 'js' }));
  },
};

// Commander requires child_process as it loads, for executable subcommands, which oss-scout has none of;
// loading it costs a few ms on every run. Its property reads go to the real module, loaded on the first.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!text.includes(eager)) throw new Error(`${args.path}: no "${eager}" to make lazy`);
      const lazy = "const childProcess = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });";
      return { contents: text.replace(eager, lazy), loader: 'js' };
    });
  },
};

const options = {
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies (proper-lockfile, graceful-fs...) call require(); ESM output has none.
  // Some also read __filename / __dirname.
  banner: {
    js:
      "import { createRequire as __ossScoutRequire } from 'node:module'; const require = __ossScoutRequire(import.meta.url);" +
      " import { fileURLToPath as __ossScoutFileURLToPath } from 'node:url'; const __filename = __ossScoutFileURLToPath(import.meta.url);" +
      " const __dirname = __ossScoutFileURLToPath(new URL('.', import.meta.url));",
  },
  legalComments: 'linked',
  // Smaller files parse faster; identifiers are kept so --debug stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  metafile: true,
  plugins: [globalProcess, lazyChildProcess],
};
// The banner runs in every file it heads (createRequire and two URL conversions, ~0.1 ms each, and a search
// loads some 30 files): it is kept only where `require`, `__filename` or `__dirname` appears at all.
async function dropUnusedBanner(result) {
  const banner = `${options.banner.js}\n`;
  for (const file of Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'))) {
    const full = path.resolve(root, file);
    const text = await readFile(full, 'utf8');
    if (!text.startsWith(banner)) throw new Error(`${file} does not start with the banner`);
    const body = text.slice(banner.length);
    if (!/\b(?:require|__filename|__dirname)\b/.test(body)) await writeFile(full, body);
  }
}
await dropUnusedBanner(await build({ ...options, entryPoints: { 'cli/main': path.join(root, 'src/cli/main.ts') } }));
// bin/oss-scout.js answers plain `list` from here without loading the command table. Built on its own so its
// static imports make one file, not the dozen small chunks it would share with the full CLI: the ESM loader
// reads each file with a round trip of its own, and those cost more than the code does (npm run bench).
// What it loads lazily (the writing side, migrations, the table renderer) stays in chunks of its own.
await dropUnusedBanner(await build({ ...options, entryPoints: { 'cli/list-fast': path.join(root, 'src/cli/list-fast.ts') } }));
// A repeated `oss-scout search ...` is answered from here when nothing it read has changed; and a cold one
// sends its first requests from here before the CLI loads. One file each, as above: search-early's copy of
// the modules main also has costs nothing that counts, as it loads them while the requests are out, and the
// requests reach main's client through a registry on globalThis (src/github/prefetch.ts).
await dropUnusedBanner(await build({ ...options, splitting: false, entryPoints: { 'cli/search-early': path.join(root, 'src/cli/search-early.ts') } }));
await dropUnusedBanner(await build({ ...options, entryPoints: { 'cli/search-fast': path.join(root, 'src/cli/search-fast.ts') } }));

// `oss-scout --help` is printed from a file rendered by Commander at build time, so the most common first
// command does not load the CLI at all (bin/oss-scout.js). Rendered by the built CLI itself, as it prints
// help to anything but a terminal: 80 columns (the bin takes the full CLI on a terminal of another width).
const { run } = await import(pathToFileURL(path.join(dist, 'cli', 'main.js')).href);
let help = '';
const sink = { write: (s) => void (help += s), isTTY: false };
const code = await run(['node', 'oss-scout', '--help'], {
  env: { NO_COLOR: '1' },
  stdout: sink,
  stderr: { write: (s) => void process.stderr.write(s), isTTY: false },
  now: () => new Date(),
  cwd: root,
});
if (code !== 0) throw new Error('could not render --help');
await writeFile(path.join(dist, 'help.txt'), help);
