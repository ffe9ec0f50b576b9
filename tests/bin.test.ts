// bin/oss-scout.js answers --version, --help and plain `list` without loading the full CLI; the answers must
// be exactly what the full CLI prints (run in-process here, through the same context a terminal would give).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runInProcess, runSubprocess, tempHome, testEnv } from './helpers/cli.js';

const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

describe('bin fast paths', () => {
  it('--version and -V print the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await runSubprocess([flag], { env: testEnv(tempHome()) });
      expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  it('--help, -h and no arguments print the help the full CLI renders off a terminal', async () => {
    const full = await runInProcess(['--help'], { env: testEnv(tempHome()), isTTY: false });
    expect(full.code).toBe(0);
    expect(full.stdout).toContain('Usage: oss-scout [options] [command]');
    for (const args of [['--help'], ['-h'], []]) {
      const r = await runSubprocess(args, { env: testEnv(tempHome()) });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(full.stdout);
    }
  });

  it('help on a terminal wraps to its width, not to the 80 columns of the prebuilt text', async () => {
    const at80 = await runInProcess(['--help'], { env: testEnv(tempHome()), isTTY: true, columns: 80 });
    const at140 = await runInProcess(['--help'], { env: testEnv(tempHome()), isTTY: true, columns: 140 });
    expect(at80.stdout).toBe(readFileSync(path.join(repoRoot, 'dist', 'help.txt'), 'utf8'));
    expect(at140.stdout).not.toBe(at80.stdout);
    expect(Math.max(...at140.stdout.split('\n').map((l) => l.length))).toBeGreaterThan(80);
  });

  it('list, list --json and list --all answer exactly as the full CLI, errors included', async () => {
    const home = tempHome();
    const env = testEnv(home);
    const fixture = readFileSync(path.join(repoRoot, 'fixtures/report/busy-week.json'), 'utf8');
    mkdirSync(path.join(home, 'data'), { recursive: true });
    writeFileSync(path.join(home, 'data', 'state.json'), fixture);
    // The full CLI in-process and the fast path in a subprocess read the same clock to the day: ages agree.
    for (const args of [['list'], ['list', '--json'], ['list', '--all'], ['list', '--all', '--json'], ['list', '--json', '--all']]) {
      const fast = await runSubprocess(args, { env });
      const full = await runInProcess(args, { env });
      expect(fast.code).toBe(0);
      expect(fast).toEqual(full);
    }
    // A corrupt state: the same one-line error and exit code, and the file is kept.
    writeFileSync(path.join(home, 'data', 'state.json'), '{"version": 2, "claims": [');
    const fast = await runSubprocess(['list', '--json'], { env });
    const full = await runInProcess(['list', '--json'], { env });
    expect(fast.code).toBe(6);
    expect(fast).toEqual(full);
    expect(readFileSync(path.join(home, 'data', 'state.json'), 'utf8')).toBe('{"version": 2, "claims": [');
  });

  it('anything else goes to the full CLI', async () => {
    const r = await runSubprocess(['search', '--help'], { env: testEnv(tempHome()) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: oss-scout search [options]');
  });

  it('ships no test switch: the bin reads no OSS_SCOUT_* variable', () => {
    expect(readFileSync(path.join(repoRoot, 'bin', 'oss-scout.js'), 'utf8')).not.toMatch(/process\.env/);
  });
});
