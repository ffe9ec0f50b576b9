// The state file under pressure, with real processes of the built CLI against a local stand-in GitHub:
// SIGKILL at random moments, concurrent writers, a read-only directory, a full disk, file modes.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../src/state/store.js';
import { binPath, repoRoot, runSubprocess, tempHome, testEnv, type CliResult } from './helpers/cli.js';
import { startFaultServer, type FaultServer } from './helpers/fault-server.js';
import { fixtureText, stateFile, writeStateText } from './helpers/state.js';

const TOKEN = 'ghp_SENTINEL0state0pressure0123456SENTINEL';
let gh: FaultServer;

beforeAll(async () => {
  if (!existsSync(path.join(repoRoot, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it) before these tests');
  }
  gh = await startFaultServer();
});
afterAll(() => gh.close());

const envFor = (home: string): NodeJS.ProcessEnv => testEnv(home, { GITHUB_API_URL: gh.url, GH_TOKEN: TOKEN });
const cli = (home: string, args: string[]): Promise<CliResult> => runSubprocess(args, { env: envFor(home), timeoutMs: 60_000 });

/** Reads through the real store: throws unless state.json parses and validates (zod). */
async function claimKeys(home: string): Promise<string[]> {
  const s = await openStateStore(stateFile(home)).read();
  return s.claims.map((c) => `${c.repo}#${c.number}`);
}

function runAndKill(args: string[], env: NodeJS.ProcessEnv, killAfterMs: number): Promise<{ code: number | null; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [binPath, ...args], { env, cwd: repoRoot, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, ms: performance.now() - started });
    });
  });
}

describe('SIGKILL at a random moment during claim', () => {
  const LANES = 4;
  const RUNS = 200;

  it(`${RUNS} killed runs (${LANES} homes in parallel): state.json always parses and keeps every claim that reported success`, async () => {
    const lane = async (laneNo: number): Promise<{ killed: number; ok: number }> => {
      const home = tempHome(`oss-scout-kill-${laneNo}-`);
      const env = envFor(home);
      // An undisturbed run says how long a claim takes on this machine; kills land from 20% to 120% of it,
      // so some hit start-up, some the GitHub request, some the locked write at the end, some miss.
      const probe = await runAndKill(['claim', `lane${laneNo}/repo#100000`], env, 60_000);
      expect(probe.code).toBe(0);
      const succeeded = [`lane${laneNo}/repo#100000`];
      let killed = 0;
      for (let i = 1; i <= RUNS / LANES; i++) {
        const delay = Math.max(5, Math.round(probe.ms * (0.2 + Math.random())));
        const ref = `lane${laneNo}/repo#${i}`;
        const r = await runAndKill(['claim', ref], env, delay);
        if (r.code === 0) succeeded.push(ref);
        else killed += 1;
        const keys = await claimKeys(home); // throws when the file does not parse or validate
        for (const s of succeeded) expect(keys).toContain(s);
        const bak = `${stateFile(home)}.bak`;
        if (existsSync(bak)) expect(() => JSON.parse(readFileSync(bak, 'utf8')) as unknown).not.toThrow();
      }
      // Whatever the kills left behind (a stale lock, temp files), the next normal run works.
      const after = await cli(home, ['claim', `lane${laneNo}/repo#999999`]);
      expect(after.code, after.stderr).toBe(0);
      expect(await claimKeys(home)).toContain(`lane${laneNo}/repo#999999`);
      // Temp files of killed writers (state.json.<pid>.<n>.tmp) were removed by that write.
      expect(readdirSync(path.dirname(stateFile(home))).filter((n) => /\.tmp$/.test(n))).toEqual([]);
      return { killed, ok: RUNS / LANES - killed };
    };
    const results = await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i)));
    const killed = results.reduce((s, r) => s + r.killed, 0);
    // Kills aimed inside a normal run must have interrupted some of them.
    expect(killed).toBeGreaterThan(0);
  }, 240_000);
});

describe('concurrent writers', () => {
  it('20 processes mixing claim, note (same claim), unclaim and unclaim --forget lose no update', async () => {
    const home = tempHome();
    for (const r of await Promise.all([1, 2, 3, 4, 5, 6].map((n) => cli(home, ['claim', `mix/repo#${n}`])))) expect(r.code, r.stderr).toBe(0);
    const jobs: string[][] = [
      // Eight notes on the same claim: each is a read-modify-write of the same record.
      ...Array.from({ length: 8 }, (_, i) => ['note', 'mix/repo#1', `same-claim note ${i}`]),
      ...[2, 3].map((n) => ['note', `mix/repo#${n}`, `note on ${n}`]),
      ...[2, 3].map((n) => ['unclaim', `mix/repo#${n}`, '--reason', `reason ${n}`]),
      ...[4, 5].map((n) => ['unclaim', `mix/repo#${n}`, '--forget']),
      ...Array.from({ length: 6 }, (_, i) => ['claim', `mix/new#${i + 1}`, '--note', `first note ${i + 1}`]),
    ];
    expect(jobs).toHaveLength(20);
    const runs = await Promise.all(jobs.map((args) => cli(home, args)));
    runs.forEach((r, i) => expect({ job: jobs[i], code: r.code, stderr: r.stderr }).toEqual({ job: jobs[i], code: 0, stderr: '' }));

    const s = await openStateStore(stateFile(home)).read();
    const byKey = new Map(s.claims.map((c) => [`${c.repo}#${c.number}`, c]));
    expect([...byKey.keys()].sort()).toEqual(['mix/repo#1', 'mix/repo#2', 'mix/repo#3', 'mix/repo#6', ...Array.from({ length: 6 }, (_, i) => `mix/new#${i + 1}`)].sort());
    expect(byKey.get('mix/repo#1')?.notes.map((n) => n.text).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `same-claim note ${i}`).sort());
    for (const n of [2, 3]) {
      const c = byKey.get(`mix/repo#${n}`);
      expect(c?.status).toBe('dropped');
      expect(c?.droppedReason).toBe(`reason ${n}`);
      expect(c?.notes.map((x) => x.text)).toEqual([`note on ${n}`]);
    }
    for (let i = 1; i <= 6; i++) expect(byKey.get(`mix/new#${i}`)?.notes.map((x) => x.text)).toEqual([`first note ${i}`]);
  }, 120_000);
});

/** Every file under `dir` with its mode, relative path first. */
function walk(dir: string, out: { rel: string; mode: number; isDir: boolean }[] = [], root = dir): typeof out {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = statSync(p);
    out.push({ rel: path.relative(root, p), mode: st.mode & 0o777, isDir: st.isDirectory() });
    if (st.isDirectory()) walk(p, out, root);
  }
  return out;
}

describe('writes that cannot happen', () => {
  it('read-only data directory: exit 6, one clear line, the old state intact', async () => {
    const home = tempHome();
    const before = fixtureText('state/v2-claims.json');
    writeStateText(home, before);
    const dataDir = path.dirname(stateFile(home));
    let r: CliResult;
    if (process.getuid?.() === 0) {
      // root ignores permission bits: run the CLI as an unprivileged user that owns the home, with the
      // data directory made read-only (r-x) for it.
      for (const e of [{ rel: '', isDir: true }, ...walk(home)]) chownSync(path.join(home, e.rel), 65534, 65534);
      chmodSync(dataDir, 0o500);
      r = await new Promise<CliResult>((resolve, reject) => {
        const child = spawn(process.execPath, [binPath, 'claim', 'org/repo#7'], { env: envFor(home), cwd: repoRoot, uid: 65534, gid: 65534 });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
      });
    } else {
      chmodSync(dataDir, 0o500);
      r = await cli(home, ['claim', 'org/repo#7']);
    }
    chmodSync(dataDir, 0o700);
    expect(r.code, r.stderr).toBe(6);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^oss-scout: cannot write .*state\.json: permission denied \(EACCES\); the previous state was kept — /);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(stateFile(home), 'utf8')).toBe(before);
  });

  it('disk full (a 64 KiB tmpfs in a user+mount namespace): exit 6 "the disk is full", the old state intact', async (ctx) => {
    // unshare -rm gives a private mount namespace without real privileges; where the kernel forbids
    // unprivileged user namespaces there is no honest way to fill a disk from a test, so say so and skip.
    const probe = spawnSync('unshare', ['-rm', 'sh', '-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs "$d" && echo ok'], { encoding: 'utf8' });
    if (probe.status !== 0 || !probe.stdout.includes('ok')) {
      ctx.skip(`cannot mount a small tmpfs here (unshare -rm: ${(probe.stderr || probe.error?.message || 'failed').trim()})`);
      return;
    }
    const home = mkdtempIn(tmpdir());
    const fixture = path.join(repoRoot, 'fixtures', 'state', 'v2-claims.json');
    // Inside the namespace: mount a tiny tmpfs over the data directory, put the state there, fill the disk,
    // run a claim, then print the exit code and whether state.json is still byte-identical.
    const script = [
      'set -u',
      `mkdir -p "${home}/data"`,
      `mount -t tmpfs -o size=64k,mode=0700 tmpfs "${home}/data"`,
      `cp "${fixture}" "${home}/data/state.json"`,
      `dd if=/dev/zero of="${home}/data/filler" bs=1k count=1000 2>/dev/null || true`,
      `"${process.execPath}" "${binPath}" claim org/repo#8 >"${home}/out" 2>"${home}/err"; echo "EXIT=$?"`,
      `cmp -s "${fixture}" "${home}/data/state.json" && echo SAME || echo CHANGED`,
      `ls -a "${home}/data"`,
    ].join('\n');
    const res = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn('unshare', ['-rm', 'sh', '-c', script], { env: envFor(home) });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', () => resolve({ stdout, stderr }));
    });
    const err = readFileSync(path.join(home, 'err'), 'utf8');
    expect(res.stdout, `${res.stderr}\n${err}`).toContain('EXIT=6');
    expect(res.stdout).toContain('SAME');
    const lines = err.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^oss-scout: cannot write .*state\.json(\.bak)?: the disk is full \(ENOSPC\); the previous state was kept — /);
    // No temp file left behind in the full directory.
    expect(res.stdout).not.toMatch(/state\.json\.\d/);
  });
});

/** A pid no process has: one that ran and exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('config files under the lock', () => {
  it('20 concurrent `repos add` keep every repository', async () => {
    const home = tempHome();
    const runs = await Promise.all(Array.from({ length: 20 }, (_, i) => cli(home, ['repos', 'add', `conc-org/repo-${i}`])));
    runs.forEach((r, i) => expect({ i, code: r.code, stderr: r.stderr }).toEqual({ i, code: 0, stderr: '' }));
    const list = JSON.parse(readFileSync(path.join(home, 'config', 'repos.json'), 'utf8')) as { repos: { repo: string }[] };
    const added = list.repos.map((r) => r.repo).filter((r) => r.startsWith('conc-org/'));
    expect(added.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `conc-org/repo-${i}`).sort());
  }, 120_000);

  it('20 concurrent `profile add-skill` keep every skill', async () => {
    const home = tempHome();
    const runs = await Promise.all(Array.from({ length: 20 }, (_, i) => cli(home, ['profile', 'add-skill', `skill-${i}`, '--patterns', `term ${i}`, '--weight', '2'])));
    runs.forEach((r, i) => expect({ i, code: r.code, stderr: r.stderr }).toEqual({ i, code: 0, stderr: '' }));
    const p = JSON.parse(readFileSync(path.join(home, 'config', 'profile.json'), 'utf8')) as { skills: { name: string }[]; customSkills: { name: string }[] };
    const want = Array.from({ length: 20 }, (_, i) => `skill-${i}`).sort();
    expect(p.customSkills.map((c) => c.name).sort()).toEqual(want);
    expect(p.skills.map((c) => c.name).sort()).toEqual(want);
  }, 120_000);
});

describe('temp files of killed writers', () => {
  it('the next write removes those whose process is gone, and leaves a live writer\'s alone', async () => {
    const home = tempHome();
    expect((await cli(home, ['claim', 'tmp/repo#1'])).code).toBe(0);
    expect((await cli(home, ['profile', 'set', '--skills', 'python'])).code).toBe(0);
    expect((await cli(home, ['repos', 'add', 'tmp/one'])).code).toBe(0);
    const dead = deadPid();
    const data = path.dirname(stateFile(home));
    const config = path.join(home, 'config');
    const orphans = [
      path.join(data, `state.json.${dead}.k1.tmp`),
      path.join(data, `state.json.bak.${dead}.k2.tmp`),
      path.join(config, `profile.json.${dead}.k3.tmp`),
      path.join(config, `repos.json.${dead}.k4.tmp`),
      // write-file-atomic's naming, from oss-scout 0.0.x: no pid in it, so age decides.
      path.join(data, 'state.json.3735928559'),
    ];
    for (const f of orphans) writeFileSync(f, 'half a file');
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(orphans[4] as string, old, old);
    // This test's own process is alive: a temp file named after it belongs to a writer still at work.
    const live = path.join(data, `state.json.${process.pid}.k5.tmp`);
    writeFileSync(live, 'in flight');

    expect((await cli(home, ['note', 'tmp/repo#1', 'one more write'])).code).toBe(0);
    expect((await cli(home, ['profile', 'set', '--skills', 'python,cuda'])).code).toBe(0);
    expect((await cli(home, ['repos', 'add', 'tmp/two'])).code).toBe(0);
    expect(orphans.filter((f) => existsSync(f))).toEqual([]);
    expect(existsSync(live)).toBe(true);
  }, 60_000);
});

/** Runs `script` in a user+mount namespace (unshare -rm) and returns its stdout; see the disk-full test. */
function inNamespace(script: string, env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['-rm', 'sh', '-c', script], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', () => resolve({ stdout, stderr }));
  });
}

describe('short writes on a nearly full disk', () => {
  it('a 2 MB state with 64 KiB free: note, report --output and profile set fail with exit 6 and every old file stays', async (ctx) => {
    const probe = spawnSync('unshare', ['-rm', 'sh', '-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs "$d" && echo ok'], { encoding: 'utf8' });
    if (probe.status !== 0 || !probe.stdout.includes('ok')) {
      ctx.skip(`cannot mount a small tmpfs here (unshare -rm: ${(probe.stderr || probe.error?.message || 'failed').trim()})`);
      return;
    }
    const home = mkdtempIn(tmpdir());
    const seed = path.join(home, 'seed');
    mkdirSync(seed);
    // About 2 MB of claims made yesterday, so the report lists them all.
    const at = new Date(Date.now() - 86_400_000).toISOString();
    const claims = Array.from({ length: 2500 }, (_, i) => ({
      repo: 'full/disk', number: i + 1, title: `claim ${i} ${'x'.repeat(200)}`, url: `https://github.com/full/disk/issues/${i + 1}`, labels: [],
      claimedAt: at, status: 'claimed', statusHistory: [{ status: 'claimed', at }], notes: [{ at, text: 'n'.repeat(300) }], pullRequests: [],
      droppedReason: null, lastRefreshedAt: null,
    }));
    writeFileSync(path.join(seed, 'state.json'), `${JSON.stringify({ version: 2, viewer: null, claims }, null, 2)}\n`);
    expect(statSync(path.join(seed, 'state.json')).size).toBeGreaterThan(1_900_000);
    writeFileSync(path.join(seed, 'profile.json'), `${JSON.stringify({ version: 1, skills: [{ name: 'cuda', weight: 3 }], avoid: [], customSkills: [] }, null, 2)}\n`);
    writeFileSync(path.join(seed, 'week.md'), 'last week\'s report\n');
    const run = (args: string, label: string): string =>
      `"${process.execPath}" "${binPath}" ${args} >"${home}/out-${label}" 2>"${home}/err-${label}"; echo "${label}=$?"`;
    const same = (name: string, where: string): string => `cmp -s "${seed}/${name}" "${where}/${name}" && echo "${name} SAME" || echo "${name} CHANGED"`;
    const d = `${home}/data`;
    const c = `${home}/config`;
    const script = [
      'set -u',
      `mkdir -p "${d}" "${c}"`,
      `mount -t tmpfs -o size=8m,mode=0700 tmpfs "${d}"`,
      `mount -t tmpfs -o size=64k,mode=0700 tmpfs "${c}"`,
      `cp "${seed}/state.json" "${d}/state.json" && cp "${seed}/state.json" "${d}/state.json.bak" && cp "${seed}/state.json" "${seed}/state.json.bak"`,
      `cp "${seed}/week.md" "${d}/week.md" && cp "${seed}/profile.json" "${c}/profile.json"`,
      // Fill both disks, then give 64 KiB back on the data disk: less than any of the writes below needs.
      `dd if=/dev/zero of="${d}/filler" bs=64k 2>/dev/null; truncate -s -64K "${d}/filler"`,
      `dd if=/dev/zero of="${c}/filler" bs=4k 2>/dev/null`,
      run('note full/disk#1 "one more note"', 'note'),
      run(`report --no-refresh --format md --output "${d}/week.md"`, 'report'),
      run('profile set --skills "python:3,cuda:2,triton:1,rust:1,pytorch:2,jax:1"', 'profile'),
      same('state.json', d),
      same('state.json.bak', d),
      same('week.md', d),
      same('profile.json', c),
      `ls -la "${d}" "${c}"`,
    ].join('\n');
    const res = await inNamespace(script, envFor(home));
    const err = (label: string): string => readFileSync(path.join(home, `err-${label}`), 'utf8');
    expect(res.stdout, `${res.stderr}\n${err('note')}`).toContain('note=6');
    expect(res.stdout, err('report')).toContain('report=6');
    expect(res.stdout, err('profile')).toContain('profile=6');
    for (const f of ['state.json', 'state.json.bak', 'week.md', 'profile.json']) expect(res.stdout).toContain(`${f} SAME`);
    expect(err('note')).toMatch(/^oss-scout: cannot write .*state\.json(\.bak)?: the disk is full \(ENOSPC\); the previous state was kept — /);
    expect(err('report')).toMatch(/^oss-scout: cannot write .*week\.md: the disk is full \(ENOSPC\); any existing week\.md was kept — /);
    expect(err('profile')).toMatch(/^oss-scout: cannot write .*profile\.json(\.bak)?: the disk is full \(ENOSPC\); the previous profile was kept — /);
    for (const label of ['note', 'report', 'profile']) expect(err(label).trimEnd().split('\n')).toHaveLength(1);
    expect(res.stdout).not.toMatch(/\.tmp\b/);
  }, 120_000);
});

function mkdtempIn(dir: string): string {
  const d = path.join(dir, `oss-scout-full-${process.pid}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(d, { mode: 0o700 });
  return d;
}

describe('file modes', () => {
  it('state, backup, cache and config files are 0600, their directories 0700', async () => {
    const home = tempHome();
    const run = async (args: string[]): Promise<void> => {
      const r = await cli(home, args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    };
    await run(['search', '--repos', 'vllm-project/vllm,sgl-project/sglang', '--json']);
    await run(['claim', 'modes/repo#1']);
    await run(['note', 'modes/repo#1', 'a note']); // second write: state.json.bak appears
    await run(['profile', 'set', '--skills', 'python,cuda']);
    await run(['repos', 'add', 'modes/extra']);
    const entries = walk(home);
    expect(entries.map((e) => e.rel)).toEqual(expect.arrayContaining(['data/state.json', 'data/state.json.bak']));
    expect(entries.some((e) => e.rel.startsWith('cache'))).toBe(true);
    const wrong = entries.filter((e) => e.mode !== (e.isDir ? 0o700 : 0o600)).map((e) => `${e.rel} ${e.mode.toString(8)}`);
    expect(wrong).toEqual([]);
    // Nothing stray: no lock or temp files left after normal runs.
    expect(entries.filter((e) => /\.lock$|\.\d+$/.test(e.rel)).map((e) => e.rel)).toEqual([]);
    // state.json copied with cp (umask 022) is tightened on the next write, not left world-readable.
    cpSync(path.join(repoRoot, 'fixtures', 'state', 'v2-claims.json'), stateFile(home));
    chmodSync(stateFile(home), 0o644);
    await run(['claim', 'modes/repo#2']);
    expect(statSync(stateFile(home)).mode & 0o777).toBe(0o600);
  }, 60_000);
});
