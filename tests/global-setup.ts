// Subprocess tests run the built CLI in dist/. Build it once before any test when it is missing or older
// than the sources, so a plain `npx vitest` after an edit never tests stale code, and `npm ci` (whose
// prepare step builds) followed by `npm test` does not build twice.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = path.join(root, 'dist', 'cli', 'main.js');

function newestMtime(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, name)));
  return newest;
}

function builtAt(): number {
  try {
    return statSync(STAMP).mtimeMs;
  } catch {
    return -1;
  }
}

export default function setup(): void {
  const inputs = ['src', 'bin', 'scripts/build.mjs', 'package.json'].map((p) => path.join(root, p));
  if (builtAt() >= Math.max(...inputs.map(newestMtime))) return;
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed: the subprocess tests need dist/');
}
