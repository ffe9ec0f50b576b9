// The process-backed context. The types live in src/context.ts (shared with src/search and src/report).
import type { CliContext } from '../context.js';

export function processContext(signal?: AbortSignal): CliContext {
  return {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    // A getter: process.stdin is created on first use, and only a confirmation prompt needs it.
    get stdin() {
      return process.stdin;
    },
    now: () => new Date(),
    cwd: process.cwd(),
    ...(signal ? { signal } : {}),
  };
}
