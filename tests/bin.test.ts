// bin/oss-scout.js answers --version and --help without loading the CLI; the answers must be exactly
// what the full CLI would print.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runSubprocess, tempHome, testEnv } from './helpers/cli.js';

const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

describe('bin fast paths', () => {
  it('--version and -V print the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await runSubprocess([flag], { env: testEnv(tempHome()) });
      expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  it('--help, -h and no arguments print the same help the full CLI renders', async () => {
    const full = await runSubprocess(['--help'], { env: testEnv(tempHome(), { OSS_SCOUT_NO_FAST_PATH: '1' }) });
    expect(full.code).toBe(0);
    expect(full.stdout).toContain('Usage: oss-scout [options] [command]');
    for (const args of [['--help'], ['-h'], []]) {
      const r = await runSubprocess(args, { env: testEnv(tempHome()) });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(full.stdout);
    }
  });

  it('list, list --json and list --all answer exactly as the full CLI, errors included', async () => {
    const home = tempHome();
    const env = testEnv(home);
    const fixture = readFileSync(path.join(repoRoot, 'fixtures/report/busy-week.json'), 'utf8');
    mkdirSync(path.join(home, 'data'), { recursive: true });
    writeFileSync(path.join(home, 'data', 'state.json'), fixture);
    for (const args of [['list'], ['list', '--json'], ['list', '--all'], ['list', '--all', '--json'], ['list', '--json', '--all']]) {
      const fast = await runSubprocess(args, { env });
      const full = await runSubprocess(args, { env: { ...env, OSS_SCOUT_NO_FAST_PATH: '1' } });
      expect(fast.code).toBe(0);
      expect(fast).toEqual(full);
    }
    // A corrupt state: the same one-line error and exit code, and the file is kept.
    writeFileSync(path.join(home, 'data', 'state.json'), '{"version": 2, "claims": [');
    const fast = await runSubprocess(['list', '--json'], { env });
    const full = await runSubprocess(['list', '--json'], { env: { ...env, OSS_SCOUT_NO_FAST_PATH: '1' } });
    expect(fast.code).toBe(6);
    expect(fast).toEqual(full);
    expect(readFileSync(path.join(home, 'data', 'state.json'), 'utf8')).toBe('{"version": 2, "claims": [');
  });

  it('anything else goes to the full CLI', async () => {
    const r = await runSubprocess(['search', '--help'], { env: testEnv(tempHome()) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: oss-scout search [options]');
  });
});
