// What a module loads as it loads: its static (non-type) imports, followed through src/. Start-up tests use
// it to keep heavy modules off a command's path without timing anything.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './cli.js';

const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm;

/** Every module reachable by static (non-type) imports from `entry`, as src-relative paths or bare names. */
export function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    const rel = path.relative(repoRoot, file);
    if (seen.has(rel)) return;
    seen.add(rel);
    for (const m of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      const spec = m[1] as string;
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts'));
      else seen.add(spec);
    }
  };
  visit(path.join(repoRoot, entry));
  return seen;
}
