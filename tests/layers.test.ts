// The layers docs/architecture.md describes, held by reading every import in src/. A new file or import
// that breaks them fails here with the file and the edge, instead of surfacing later as a circle.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');

/** What a file imports: a layer of src/ ("core", "github", ...; a top-level file is its name, "errors.ts") or a package. */
type Target = { kind: 'src'; layer: string; file: string } | { kind: 'package'; name: string };

interface Edge {
  from: string;
  layer: string;
  specifier: string;
  to: Target;
}

function layerOf(relFile: string): string {
  const [first, ...rest] = relFile.split('/');
  return rest.length > 0 ? first! : relFile;
}

function packageName(spec: string): string {
  if (spec.startsWith('node:')) return spec;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Every static, type-only, re-export and dynamic import in `text` of src-relative file `from`. */
function importsOf(from: string, text: string): Edge[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles.map(({ fileName: specifier }) => {
    if (!specifier.startsWith('.')) return { from, layer: layerOf(from), specifier, to: { kind: 'package', name: packageName(specifier) } };
    const file = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier)).replace(/\.js$/, '.ts');
    return { from, layer: layerOf(from), specifier, to: { kind: 'src', layer: layerOf(file), file } };
  });
}

interface Rule {
  name: string;
  applies: (layer: string) => boolean;
  forbids: (to: Target) => boolean;
}

const PURE = new Set(['core', 'catalog']);
// Top-level files core may use: typed errors, pure by construction. The others (context, paths,
// snapshot, redact) describe or touch the outside world.
const PURE_ROOT = new Set(['errors.ts']);

const inLayer = (to: Target, layers: string[]): boolean => to.kind === 'src' && layers.includes(to.layer);
const isOctokit = (to: Target): boolean => to.kind === 'package' && (to.name.startsWith('@octokit/') || to.name === 'bottleneck');

const RULES: Rule[] = [
  {
    name: 'core/ and catalog/ are pure: only core/, errors.ts, no packages, no node: modules',
    applies: (layer) => PURE.has(layer),
    forbids: (to) => (to.kind === 'package' ? true : !(to.layer === 'core' || PURE_ROOT.has(to.layer))),
  },
  {
    name: 'github/ sits below the commands and the output: nothing from cli/, render/, search/, report/, state/, config/',
    applies: (layer) => layer === 'github',
    forbids: (to) => inLayer(to, ['cli', 'render', 'search', 'report', 'state', 'config']),
  },
  {
    name: 'render/ prints domain data: nothing from cli/, github/, state/, config/, cache/, io/, search/, report/',
    applies: (layer) => layer === 'render',
    forbids: (to) => inLayer(to, ['cli', 'github', 'state', 'config', 'cache', 'io', 'search', 'report']),
  },
  {
    name: 'state/, config/, cache/ and io/ are stores: nothing from cli/, github/, render/, search/, report/',
    applies: (layer) => ['state', 'config', 'cache', 'io'].includes(layer),
    forbids: (to) => inLayer(to, ['cli', 'github', 'render', 'search', 'report']),
  },
  {
    name: 'nothing outside cli/ imports cli/',
    applies: (layer) => layer !== 'cli',
    forbids: (to) => inLayer(to, ['cli']),
  },
  {
    name: 'Octokit (and its rate limiter) only under github/',
    applies: (layer) => layer !== 'github',
    forbids: isOctokit,
  },
];

function violations(edges: Edge[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    for (const r of RULES) {
      if (r.applies(e.layer) && r.forbids(e.to)) out.push(`src/${e.from} imports '${e.specifier}': ${r.name}`);
    }
  }
  return out;
}

function srcEdges(): { files: string[]; edges: Edge[] } {
  const files = (readdirSync(SRC, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f.endsWith('.ts'));
  return { files, edges: files.flatMap((f) => importsOf(f, readFileSync(path.join(SRC, f), 'utf8'))) };
}

describe('layers', () => {
  it('every import in src/ keeps to the layers', () => {
    const { files, edges } = srcEdges();
    expect(files.length).toBeGreaterThan(50);
    expect(edges.some((e) => e.to.kind === 'package' && e.to.name === '@octokit/rest')).toBe(true);
    expect(violations(edges)).toEqual([]);
  });

  it('every relative import names a file that exists', () => {
    const { files, edges } = srcEdges();
    const known = new Set(files);
    const missing = edges.flatMap((e) => (e.to.kind === 'src' && !known.has(e.to.file) ? [`src/${e.from} -> ${e.specifier}`] : []));
    expect(missing).toEqual([]);
  });

  it('catches each kind of forbidden edge, including type-only, re-exported, dynamic and import-type references', () => {
    const cases: [string, string][] = [
      ['core/x.ts', "import type { State } from '../state/schema.js';"],
      ['core/x.ts', "import { readFile } from 'node:fs/promises';"],
      ['core/x.ts', "export { thing } from '../github/claims.js';"],
      ['github/x.ts', "const m = await import('../render/sanitize.js');"],
      ['search/x.ts', "import type { SearchOptions } from '../cli/search.js';"],
      ['cache/x.ts', "import type { Octokit } from '@octokit/rest';"],
      ['render/x.ts', "import type { Claim } from '../state/schema.js';"],
      ['state/x.ts', "type Client = import('../github/client.js').GitHubClient;"],
    ];
    for (const [file, text] of cases) expect(violations(importsOf(file, text)), `${file}: ${text}`).toHaveLength(1);
    expect(violations(importsOf('core/x.ts', "import { issueKey } from './refs.js';\nimport { usageError } from '../errors.js';"))).toEqual([]);
    expect(violations(importsOf('cli/x.ts', "import { Octokit } from '@octokit/rest';"))).toHaveLength(1);
  });
});
