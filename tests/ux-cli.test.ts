// What a newcomer sees: the sample stands in for a live search only when GitHub cannot be reached, and
// says so everywhere; every error is the documented one line; help everywhere; titles readable at 80.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import stringWidth from 'string-width';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderSearchTable } from '../src/render/search-table.js';
import { issue, ranked } from './helpers/issue-builders.js';
import { repoRoot, runInProcess, tempHome, testEnv } from './helpers/cli.js';

const NOW = new Date('2026-11-21T09:00:00Z');
const SAMPLE = path.join(repoRoot, 'snapshots', 'ml-infra.json');

// api.github.com unreachable: every request fails at the network level, as with no connection at all.
const unreachable = setupServer(http.all('https://api.github.com/*', () => HttpResponse.error()));
beforeAll(() => unreachable.listen({ onUnhandledRequest: 'error' }));
afterEach(() => unreachable.resetHandlers());
afterAll(() => unreachable.close());

const noIssueNumberInUrl = (url: string): boolean => !/\/(issues|pull)\/\d+/.test(url);

describe('with no network, search answers from the bundled sample and says so', () => {
  const args = ['search', '--skills', 'python,cuda', '--repos', 'vllm-project/vllm,sgl-project/sglang', '--limit', '5'];

  it('--json: "sample": true at the top and on every issue, no link to an issue number', async () => {
    const r = await runInProcess([...args, '--json'], { env: testEnv(tempHome()), now: NOW });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^oss-scout: cannot reach api\.github\.com: .* — showing sample data, not live issues: /m);
    const doc = JSON.parse(r.stdout) as { sample?: boolean; issues: { sample?: boolean; url: string; repo: string }[] };
    expect(doc.sample).toBe(true);
    expect(doc.issues.length).toBeGreaterThan(0);
    for (const i of doc.issues) {
      expect(i.sample).toBe(true);
      expect(noIssueNumberInUrl(i.url)).toBe(true);
      expect(i.url).toMatch(new RegExp(`^https://github\\.com/${i.repo}/issues\\?q=is%3Aopen\\+label%3A`));
    }
  });

  it('the table: a banner above it, references marked (sample), no "#N"', async () => {
    const r = await runInProcess(args, { env: testEnv(tempHome()), now: NOW, isTTY: true, columns: 80 });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^sample data, not live issues: /);
    const rows = lines.filter((l) => /^\d+\s/.test(l));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toContain('(sample)');
      expect(row).not.toMatch(/#\d+/);
    }
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
  });

  it('--snapshot of the sample says so too; a snapshot of real issues does not', async () => {
    const sample = await runInProcess(['search', '--snapshot', SAMPLE, '--skills', 'cuda', '--json'], { env: testEnv(tempHome()), now: NOW });
    expect(sample.code).toBe(0);
    expect(sample.stderr).toContain('sample data, not live issues');
    expect((JSON.parse(sample.stdout) as { sample?: boolean }).sample).toBe(true);

    const real = JSON.parse(readFileSync(SAMPLE, 'utf8')) as { sample?: boolean; issues: { sample?: boolean; url: string; repo: string; number: number }[] };
    delete real.sample;
    for (const i of real.issues) {
      delete i.sample;
      i.url = `https://github.com/${i.repo}/issues/${i.number}`;
    }
    const file = path.join(tempHome(), 'saved.json');
    writeFileSync(file, JSON.stringify(real));
    const r = await runInProcess(['search', '--snapshot', file, '--skills', 'cuda', '--json'], { env: testEnv(tempHome()), now: NOW });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('sample');
    const doc = JSON.parse(r.stdout) as Record<string, unknown> & { issues: Record<string, unknown>[] };
    expect('sample' in doc).toBe(false);
    expect(doc.issues.some((i) => 'sample' in i)).toBe(false);
  });

  it('--offline with nothing cached says to search online once, and never uses the sample', async () => {
    const r = await runInProcess(['search', '--offline', '--skills', 'cuda'], { env: testEnv(tempHome()), now: NOW });
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^oss-scout: nothing is cached yet .* — run one search online first/);
    expect(r.stdout).toBe('');
  });
});

describe('one error format', () => {
  it.each([
    [['search', '--limt', '3'], "oss-scout: unknown option '--limt' (did you mean --limit?) — see 'oss-scout search --help'"],
    [['serch'], "oss-scout: unknown command 'serch' (did you mean search?) — see 'oss-scout --help'"],
    [['claim'], "oss-scout: missing required argument 'ref' — see 'oss-scout claim --help'"],
    [['profile', 'set', '--skills', 'cuda', '--bogus'], "oss-scout: unknown option '--bogus' — see 'oss-scout profile set --help'"],
    [['profile', 'nope'], "oss-scout: unknown command 'profile nope' — use one of set, show, add-skill, remove-skill, skills; see 'oss-scout profile --help'"],
  ])('%j: exit 2 and exactly one line', async (args, line) => {
    const r = await runInProcess(args, { env: testEnv(tempHome()) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${line}\n`);
  });

  it('a mistyped --token never prints the token, in either spelling', async () => {
    const token = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';
    for (const args of [['search', `--tokn=${token}`], ['search', '--tokn', token], [`--toke=${token}`, 'list']]) {
      const r = await runInProcess(args, { env: testEnv(tempHome()) });
      expect(r.code).toBe(2);
      expect(r.stderr + r.stdout).not.toContain(token);
      expect(r.stderr).toMatch(/^oss-scout: unknown option '--tok[a-z]*(=…)?'.* — see 'oss-scout( search)? --help'\n$/);
    }
  });

  it('a write error is the documented line with what to do', async () => {
    const r = await runInProcess(['search', '--snapshot', SAMPLE, '--skills', 'cuda', '--save-snapshot', tempHome(), '--json'], { env: testEnv(tempHome()), now: NOW });
    expect(r.code).toBe(6);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^oss-scout: cannot write the snapshot to .*: it is a folder \(EISDIR\) — name a file, e.g. \S+snapshot.json$/);
  });

  it('an HTML page in an error becomes one line of its text', async () => {
    const { reportError } = await import('../src/cli/exit.js');
    const { OssScoutError } = await import('../src/errors.js');
    let out = '';
    const html = '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title><style>body{}</style></head>\n<body><h1>Bad Gateway</h1></body></html>';
    const code = reportError(new OssScoutError('upstream', `GitHub answered 502: ${html}`), { stderr: { write: (s: string) => (out += s) } }, { debug: false, secrets: [] });
    expect(code).toBe(3);
    expect(out).toBe('oss-scout: GitHub answered 502: 502 Bad Gateway Bad Gateway — try again in a few minutes; --debug shows the requests\n');
  });
});

describe('help', () => {
  it.each([['profile'], ['repos']])('`oss-scout %s` alone prints its help on stdout, exit 0', async (name) => {
    const r = await runInProcess([name], { env: testEnv(tempHome()) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: oss-scout ${name}`);
    expect(r.stdout).toContain('Examples:');
    expect(r.stderr).toBe('');
  });

  it.each([
    ['search'], ['claim'], ['unclaim'], ['note'], ['list'], ['report'], ['paths'],
    ['profile', 'set'], ['profile', 'show'], ['profile', 'add-skill'], ['profile', 'skills'],
    ['repos', 'list'], ['repos', 'add'], ['repos', 'remove'], ['repos', 'reset'],
  ])('%s %s --help: examples and the global options', async (...names) => {
    const r = await runInProcess([...names.filter(Boolean), '--help'], { env: testEnv(tempHome()) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples?:\n {2}\$ oss-scout /);
    expect(r.stdout).toContain('Global Options:');
    expect(r.stdout).toContain('--debug');
  });
});

describe('search table width', () => {
  const refs = ['huggingface/text-generation-inference', 'Lightning-AI/pytorch-lightning', 'vllm-project/vllm', 'pytorch/pytorch'];
  const rows = refs.map((repo, i) =>
    ranked(
      issue({ repo, number: 10_000 + i, title: `[Good First Issue]: Support a longer descriptive title number ${i} for the kernel`, labels: ['good first issue', 'module: cuda', 'triaged'] }),
      { matchedSkills: [{ skill: 'cuda', evidence: [], contribution: 1 }, { skill: 'python', evidence: [], contribution: 0.5 }] },
    ),
  );

  it.each([80, 100, 120])('at %i columns the title gets at least 40 characters and no line is wider', (columns) => {
    const out = renderSearchTable(rows, { now: NOW, columns, color: false, tty: true });
    const lines = out.trimEnd().split('\n');
    const header = lines[0] ?? '';
    const start = header.indexOf('TITLE');
    const next = header.slice(start + 5).search(/\S/);
    const titleWidth = next === -1 ? columns - start : 5 + next - 2;
    expect(titleWidth).toBeGreaterThanOrEqual(40);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(columns);
    // A cut reference keeps its number; the full one is in the link line.
    expect(out).toMatch(/#10000\b/);
    expect(out).toContain('https://github.com/huggingface/text-generation-inference/issues/10000');
  });

  it('marks the issues you claimed as yours', () => {
    const out = renderSearchTable(rows, { now: NOW, columns: 120, color: false, tty: true, claimed: new Set(['vllm-project/vllm#10002']) });
    expect(out).toMatch(/vllm-project\/vllm#10002\s+\[yours\] /);
    expect(out.match(/\[yours\]/g)).toHaveLength(1);
  });
});

describe('report --json', () => {
  it('is --format json', async () => {
    const home = tempHome();
    const a = await runInProcess(['report', '--json', '--no-refresh'], { env: testEnv(home), now: NOW });
    const b = await runInProcess(['report', '--format', 'json', '--no-refresh'], { env: testEnv(home), now: NOW });
    expect(a.code).toBe(0);
    expect(a.stdout.replace(/"generatedAt": "[^"]+"/, '')).toBe(b.stdout.replace(/"generatedAt": "[^"]+"/, ''));
    expect((JSON.parse(a.stdout) as { format: string }).format).toBe('oss-scout-report');
    const both = await runInProcess(['report', '--json', '--format', 'md', '--no-refresh'], { env: testEnv(home), now: NOW });
    expect(both.code).toBe(2);
  });
});

describe('redaction of every line', () => {
  it('survives a spinner that replaces the stream\'s write while it spins (as ora does), and redacts its frames', async () => {
    const { redacting } = await import('../src/cli/exit.js');
    let out = '';
    const stream = { isTTY: true, columns: 80, write: (s: string) => ((out += s), true) };
    const wrapped = redacting(stream, ['sekrit-token']);
    // ora: remember the write it finds, install its own, call the remembered one from it.
    const found = wrapped.write.bind(wrapped);
    (wrapped as { write: (s: string) => unknown }).write = (s: string) => found(`[hooked] ${s}`);
    wrapped.write('frame with sekrit-token\n');
    stream.write('direct\n');
    expect(out).toContain('frame with ***');
    expect(out).not.toContain('sekrit-token');
    expect(wrapped.isTTY).toBe(true);
    expect(wrapped.columns).toBe(80);
  });
});
