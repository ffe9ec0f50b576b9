// `oss-scout search`: parse flags into SearchOptions, hand them to src/search/run.ts. Heavy modules
// (Octokit, ora, zod) are imported inside the action so start-up stays fast.
import type { Command } from 'commander';
import { parseSkillList } from '../core/skill-list.js';
import { parseList, parseRepoName } from '../core/refs.js';
import type { SkillPreference } from '../core/types.js';
import { DEFAULT_CLAIM_WINDOW_DAYS, DEFAULT_LIMIT, DEFAULT_PER_REPO, MAX_PER_REPO, type SearchOptions } from '../search/options.js';
import { usageError } from '../errors.js';
import type { CliContext, GlobalOptions } from '../context.js';
import { readGlobalOptions } from './global-options.js';
import { resolvePaths } from '../paths.js';
import type { Written } from '../search/replay.js';
import { knownSecrets, onWrite } from './exit.js';
import type { SearchOutcome } from '../search/command.js';
import { quickSearchArgs } from './search-args.js';
import { redact } from '../redact.js';


/** What Commander hands the action: every value is a raw string or a boolean. */
export interface RawSearchFlags {
  skills?: string;
  repos?: string;
  labels?: string;
  limit?: string;
  includeTaken?: boolean;
  json?: boolean;
  explain?: boolean;
  snapshot?: string;
  saveSnapshot?: string;
  claimWindow?: string;
  perRepo?: string;
  refresh?: boolean;
  offline?: boolean;
  includePrivate?: boolean;
}

function positiveInt(flag: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const s = value.trim();
  if (!/^[0-9]+$/.test(s) || Number(s) < 1 || Number(s) > max) {
    throw usageError(`${flag} takes a whole number from 1 to ${max}, got "${value}"`);
  }
  return Number(s);
}

/** Pure: flags -> options, or a usage error (exit 2). */
export function parseSearchOptions(raw: RawSearchFlags): SearchOptions {
  let skills: SkillPreference[] | undefined;
  if (raw.skills !== undefined) {
    skills = parseSkillList(raw.skills);
    if (skills.length === 0) throw usageError('--skills needs at least one skill, e.g. --skills python,cuda');
  }
  let repos: string[] | undefined;
  if (raw.repos !== undefined) {
    const names = parseList(raw.repos).map((r) => parseRepoName(r).repo);
    if (names.length === 0) throw usageError('--repos needs at least one owner/name, e.g. --repos vllm-project/vllm');
    // GitHub names are case-insensitive; the first spelling given wins.
    const seen = new Set<string>();
    repos = names.filter((n) => !seen.has(n.toLowerCase()) && Boolean(seen.add(n.toLowerCase())));
  }
  let labels: string[] | undefined;
  if (raw.labels !== undefined) {
    labels = parseList(raw.labels);
    if (labels.length === 0) throw usageError('--labels needs at least one label, e.g. --labels "good first issue"');
  }
  if (raw.refresh === true && raw.offline === true) throw usageError('--refresh and --offline cannot be used together');
  if (raw.snapshot !== undefined && raw.snapshot.trim() === '') throw usageError('--snapshot needs a file name');
  if (raw.saveSnapshot !== undefined && raw.saveSnapshot.trim() === '') throw usageError('--save-snapshot needs a file name');
  return {
    skills,
    repos,
    labels,
    limit: positiveInt('--limit', raw.limit, DEFAULT_LIMIT, 1000),
    includeTaken: raw.includeTaken === true,
    json: raw.json === true,
    explain: raw.explain === true,
    snapshot: raw.snapshot,
    saveSnapshot: raw.saveSnapshot,
    claimWindowDays: positiveInt('--claim-window', raw.claimWindow, DEFAULT_CLAIM_WINDOW_DAYS, 3650),
    perRepo: positiveInt('--per-repo', raw.perRepo, DEFAULT_PER_REPO, MAX_PER_REPO),
    refresh: raw.refresh === true,
    offline: raw.offline === true,
    includePrivate: raw.includePrivate === true,
  };
}

/** The test hook (cli/cli's runF): receives the parsed options instead of running the search. */
export type SearchRunner = (options: SearchOptions, globals: GlobalOptions, ctx: CliContext) => Promise<void>;

export function register(program: Command, ctx: CliContext, runF?: SearchRunner): void {
  program
    .command('search')
    .description('find open, untaken beginner issues in ML-infra repositories, ranked for your skills')
    .option('--skills <list>', 'skills to rank by, e.g. python,cuda:3,c++ (weight 1-3; default: your profile)')
    .option('--repos <owner/name,...>', 'search only these repositories (instead of your list)')
    .option('--labels <list>', 'labels that mark beginner issues (instead of each repo\'s own)')
    .option('--limit <n>', `show at most n issues (default ${DEFAULT_LIMIT})`)
    .option('--include-taken', 'also show issues that look taken, with the reason')
    .option('--json', 'print one JSON object on stdout (with --explain: the explanation too)')
    .option('--explain', 'show how each score was computed')
    .option('--snapshot <file>', 'rank issues from a snapshot file instead of GitHub (no network)')
    .option('--save-snapshot <file>', 'save what was fetched to a snapshot file')
    .option('--claim-window <days>', `a claim comment counts as taken for this many days (default ${DEFAULT_CLAIM_WINDOW_DAYS})`)
    .option('--per-repo <n>', `rank at most n issues per repository, the most recently updated (default ${DEFAULT_PER_REPO})`)
    .option('--refresh', 'fetch again even if results younger than 10 minutes are cached')
    .option('--offline', 'use only cached results (any age); make no request')
    .option('--include-private', 'let --save-snapshot keep issues of private repositories')
    .addHelpText(
      'after',
      `
Examples:
  $ oss-scout search --skills python,cuda
  $ GH_TOKEN=$(gh auth token) oss-scout search --skills cuda,c++ --limit 10
  $ oss-scout search --repos vllm-project/vllm,sgl-project/sglang --include-taken
  $ oss-scout search --skills triton --json | jq '.issues[0].url'
  $ oss-scout search --save-snapshot today.json
  $ oss-scout search --offline --skills docs    # from the cache, no network
  $ oss-scout search --snapshot today.json --skills docs

With no token, search uses REST search (slower, fewer taken signals). When api.github.com cannot be
reached at all, it answers from the bundled sample of invented issues and says so on every output.`,
    )
    .action(async (raw: RawSearchFlags, cmd: Command) => {
      const globals = readGlobalOptions(cmd);
      const options = parseSearchOptions(raw);
      if (runF) return runF(options, globals, ctx);
      // Commander keeps the argv it parsed as rawArgs (at run time; its types leave it out).
      const rawArgs = (cmd.parent as unknown as { rawArgs?: unknown } | null)?.rawArgs;
      const args = Array.isArray(rawArgs) ? (rawArgs as string[]).slice(2) : [];
      // A search whose output an identical one may print again records what it prints and reads.
      const [replay, { startReadLog, takeReadLog }] = await Promise.all([import('../search/replay.js'), import('../io/read-log.js')]);
      const keep = quickSearchArgs(args)?.replayable === true;
      const written: Written[] = [];
      const out = keep ? recording(ctx, written) : ctx;
      if (keep) startReadLog();
      let outcome: SearchOutcome;
      let files: string[];
      try {
        if (options.skills !== undefined) await noteFreeTextSkills(options.skills, out);
        const { runSearchCommand } = await import('../search/command.js');
        outcome = await runSearchCommand(options, globals, out);
      } finally {
        files = takeReadLog();
      }
      if (keep && outcome.keep) {
        const key = replay.replayKey(args, ctx.env, ctx, replay.packageVersion());
        // Kept as it reached the terminal: redacted as main.ts redacts every line.
        const secrets = knownSecrets(args, ctx.env);
        const text = written.map(([n, t]): Written => [n, redact(t, secrets)]);
        await replay.keepReplay(resolvePaths(ctx.env).cacheDir, { key, validUntil: outcome.keep.validUntil, files, written: text });
      }
    });
}

/** `ctx` with every write to stdout and stderr also kept in `into`, in order (src/search/replay.ts). */
function recording(ctx: CliContext, into: Written[]): CliContext {
  const keep = (n: 1 | 2) => (text: string): string => {
    into.push([n, text]);
    return text;
  };
  return {
    env: ctx.env,
    stdout: onWrite(ctx.stdout, keep(1)),
    stderr: onWrite(ctx.stderr, keep(2)),
    now: ctx.now,
    cwd: ctx.cwd,
    get stdin() {
      return ctx.stdin;
    },
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  };
}

/** One stderr line per --skills entry that is no skill name (it is matched as free text). */
async function noteFreeTextSkills(skills: readonly SkillPreference[], ctx: CliContext): Promise<void> {
  const { unknownSkillNotes } = await import('../core/skills/resolve.js');
  if (unknownSkillNotes(skills.map((s) => s.name)).length === 0) return;
  // Custom skills live in the saved profile, read only when a name is not built in.
  const { loadProfile } = await import('../config/profile.js');
  const saved = await loadProfile(resolvePaths(ctx.env).profileFile).catch(() => null);
  for (const note of unknownSkillNotes(skills.map((s) => s.name), saved?.customSkills ?? [])) ctx.stderr.write(`oss-scout: ${note}\n`);
}
