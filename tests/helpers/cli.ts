// Two ways to run the CLI in tests: in-process (msw sees its fetches) and as a real subprocess (built dist/).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/cli/main.js';
import type { CliContext } from '../../src/context.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const binPath = path.join(repoRoot, 'bin', 'oss-scout.js');

export function tempHome(prefix = 'oss-scout-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Env with no token and no gh lookup, isolated under `home`, plus overrides. */
export function testEnv(home: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    OSS_SCOUT_HOME: home,
    OSS_SCOUT_NO_GH: '1',
    NO_COLOR: '1',
    TZ: 'UTC',
    ...extra,
  };
}

export async function runInProcess(
  args: string[],
  options: { env: NodeJS.ProcessEnv; now?: Date; isTTY?: boolean; columns?: number },
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = {
    env: options.env,
    stdout: { write: (s: string) => (stdout += s), isTTY: options.isTTY ?? false, columns: options.columns ?? 120 },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    now: () => options.now ?? new Date(),
    cwd: repoRoot,
  };
  const code = await run(['node', 'oss-scout', ...args], ctx);
  return { code, stdout, stderr };
}

export function runSubprocess(
  args: string[],
  options: { env: NodeJS.ProcessEnv; input?: string; timeoutMs?: number },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], { env: options.env, cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}
