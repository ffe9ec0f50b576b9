import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess, tempHome, testEnv } from './helpers/cli.js';

const SNAPSHOT = path.resolve(import.meta.dirname, '../snapshots/ml-infra.json');

describe('search --skills with names that are no skill', () => {
  it('matches them as free text and says so once each, on stderr', async () => {
    const env = testEnv(tempHome());
    const r = await runInProcess(['search', '--snapshot', SNAPSHOT, '--skills', 'cuda python,pythön,cuda', '--json'], { env });
    expect(r.code).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.includes('is not a skill name'));
    expect(lines).toEqual([
      'oss-scout: "cuda python" is not a skill name: matched as free text; for separate skills write "cuda,python" (see `oss-scout profile skills`)',
      'oss-scout: "pythön" is not a skill name: matched as free text; did you mean python? (see `oss-scout profile skills`)',
    ]);
    expect(JSON.parse(r.stdout).issues.length).toBeGreaterThan(0);
  });

  it('says nothing for built-in names and aliases', async () => {
    const env = testEnv(tempHome());
    const r = await runInProcess(['search', '--snapshot', SNAPSHOT, '--skills', 'react,typing,node,cuda:3', '--json'], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('is not a skill name');
  });
});
