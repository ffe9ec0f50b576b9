import { describe, expect, it } from 'vitest';
import type { RepoFailure } from '../src/core/types.js';
import { failureWarnings } from '../src/search/failures.js';

const fail = (i: number, message = 'cannot reach api.github.com: ECONNRESET'): RepoFailure => ({ repo: `org${i}/repo${i}`, kind: 'error', message });

describe('failure warnings', () => {
  it('a few failures: one line each', () => {
    expect(failureWarnings([fail(1), fail(2)], 48, false)).toEqual([
      'warning: org1/repo1: cannot reach api.github.com: ECONNRESET',
      'warning: org2/repo2: cannot reach api.github.com: ECONNRESET',
    ]);
  });

  it('most of 48 failing: one summary line with the common reason', () => {
    const failures = Array.from({ length: 40 }, (_, i) => fail(i));
    expect(failureWarnings(failures, 48, false)).toEqual([
      'warning: 40 of 48 repositories failed: cannot reach api.github.com: ECONNRESET; --verbose lists each',
    ]);
  });

  it('mixed reasons: the most common one, counted', () => {
    const failures = [...Array.from({ length: 30 }, (_, i) => fail(i)), ...Array.from({ length: 5 }, (_, i) => fail(100 + i, 'not found'))];
    expect(failureWarnings(failures, 48, false)).toEqual([
      'warning: 35 of 48 repositories failed: cannot reach api.github.com: ECONNRESET (30 of them); --verbose lists each',
    ]);
  });

  it('--verbose lists every one; half or fewer failing are listed too', () => {
    const failures = Array.from({ length: 40 }, (_, i) => fail(i));
    expect(failureWarnings(failures, 48, true)).toHaveLength(40);
    expect(failureWarnings(failures.slice(0, 24), 48, false)).toHaveLength(24);
  });

  it('text from GitHub is sanitized', () => {
    const [line] = failureWarnings([fail(1, 'bad \u001b[31mred\u001b[0m')], 2, false);
    expect(line).not.toContain('\u001b');
  });
});

describe('search prints the summary (in-process, msw)', () => {
  it('10 of 12 repositories missing: one warning line, the two that answered still listed', async () => {
    const { setupServer } = await import('msw/node');
    const { executingGitHub } = await import('./helpers/graphql-executor.js');
    const { runInProcess, tempHome, testEnv } = await import('./helpers/cli.js');
    const API = 'https://api.github.test';
    const real = ['ok/one', 'ok/two'];
    const fake = executingGitHub(`${API}/graphql`, real.map((repo, i) => ({
      repo,
      issues: [{ number: i + 1, title: `issue ${i + 1}`, labels: ['good first issue'], createdAt: '2026-02-01T00:00:00Z' }],
    })));
    const server = setupServer(...fake.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const repos = [...real, ...Array.from({ length: 10 }, (_, i) => `gone/repo${i}`)].join(',');
      const env = testEnv(tempHome(), { GH_TOKEN: 't', GITHUB_API_URL: API });
      const r = await runInProcess(['search', '--repos', repos, '--labels', 'good first issue', '--json'], { env });
      expect(r.code, r.stderr).toBe(0);
      const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning:'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^warning: 10 of 12 repositories failed: .+; --verbose lists each$/);
      expect((JSON.parse(r.stdout) as { issues: unknown[]; failures: unknown[] }).failures).toHaveLength(10);
    } finally {
      server.close();
    }
  });
});
