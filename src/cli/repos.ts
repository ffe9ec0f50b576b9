import type { Command } from 'commander';
import { parseList, parseRepoName } from '../core/refs.js';
import { resolvePaths } from '../paths.js';
import { sanitizeLine } from '../render/sanitize.js';
import { usageError } from '../errors.js';
import type { CliContext, GlobalOptions } from '../context.js';
import { readGlobalOptions } from './global-options.js';

// Config-file code is imported lazily so `oss-scout --help` and `search` do not pay for zod here.
async function repoConfig() {
  return import('../config/repos.js');
}

/** GitHub's spelling of an existing repository; the test hook for `repos add` (as search's runF). */
export type RepoChecker = (owner: string, name: string, globals: GlobalOptions, ctx: CliContext) => Promise<{ repo: string; archived: boolean }>;

async function checkOnGitHub(owner: string, name: string, globals: GlobalOptions, ctx: CliContext): Promise<{ repo: string; archived: boolean }> {
  const [{ connectFromContext }, { fetchRepository }, progressMod] = await Promise.all([
    import('../github/connect-context.js'),
    import('../github/repo-exists.js'),
    import('../render/progress.js'),
  ]);
  const progress = await progressMod.startProgress(ctx, { quiet: false });
  try {
    progress.status(`checking ${owner}/${name} on GitHub`);
    const client = await connectFromContext(globals, ctx, progressMod.clientHooks(globals, progress));
    try {
      return await fetchRepository(client, owner, name);
    } finally {
      progress.stop();
      if (globals.verbose || globals.debug) ctx.stderr.write(`${progressMod.formatRequestStats(client.stats)}\n`);
    }
  } finally {
    progress.stop();
  }
}

export function register(program: Command, ctx: CliContext, checkRepo: RepoChecker = checkOnGitHub): void {
  const repos = program
    .command('repos')
    .description('show or edit your repository list (starts as the built-in ML-infra catalog)')
    .addHelpText(
      'after',
      `
Examples:
  $ oss-scout repos list
  $ oss-scout repos add huggingface/optimum --labels "good first issue,help wanted" --category training
  $ oss-scout repos remove pytorch/pytorch
  $ oss-scout repos reset
  $ oss-scout repos health --repos vllm-project/vllm,pytorch/pytorch`,
    );

  repos
    .command('list')
    .description('print the repositories `search` looks at')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExamples:\n  $ oss-scout repos list\n  $ oss-scout repos list --json | jq -r \'.repos[].repo\'')
    .action(async (opts: { json?: boolean }) => {
      const { loadRepoList } = await repoConfig();
      const file = resolvePaths(ctx.env).reposFile;
      const list = await loadRepoList(file);
      if (opts.json) {
        ctx.stdout.write(`${JSON.stringify({ customised: list.customised, repos: list.entries }, null, 2)}\n`);
        return;
      }
      const width = Math.max(4, ...list.entries.map((e) => e.repo.length));
      const catWidth = Math.max(8, ...list.entries.map((e) => e.category.length));
      for (const e of list.entries) {
        ctx.stdout.write(`${sanitizeLine(e.repo).padEnd(width)}  ${e.category.padEnd(catWidth)}  ${sanitizeLine(e.labels.join(', '))}\n`);
      }
      if (!list.customised) ctx.stderr.write(`(the built-in catalog, ${list.entries.length} repositories; edit it with \`oss-scout repos add|remove\`)\n`);
    });

  repos
    .command('add <owner/name>')
    .description('add a repository (checked on GitHub), or change the labels/category of one already listed')
    .option('--labels <list>', 'comma-separated labels that mark beginner work in this repo')
    .option('--category <c>', 'serving, training, kernels-compilers, distributed-platform, data-eval or tooling')
    .option('--no-check', 'add it without asking GitHub whether it exists (offline)')
    .addHelpText(
      'after',
      `
Examples:
  $ oss-scout repos add huggingface/optimum --labels "good first issue,help wanted" --category training
  $ oss-scout repos add https://github.com/vllm-project/vllm-ascend
  $ oss-scout repos add pytorch/pytorch --labels "good first issue,module: docs"   # change its labels`,
    )
    .action(async (input: string, opts: { labels?: string; category?: string; check?: boolean }, cmd: Command) => {
      const { addRepo, parseCategory, updateRepoList } = await repoConfig();
      const parsed = parseRepoName(input);
      const labels = opts.labels === undefined ? undefined : parseList(opts.labels);
      if (labels !== undefined && labels.length === 0) {
        throw usageError('--labels needs at least one label', 'e.g. --labels "good first issue,help wanted"; leave it out for the default labels');
      }
      const category = opts.category === undefined ? undefined : parseCategory(opts.category);
      const file = resolvePaths(ctx.env).reposFile;
      let name = parsed.repo;
      if (opts.check !== false) {
        const found = await checkRepo(parsed.owner, parsed.name, readGlobalOptions(cmd), ctx);
        name = found.repo;
        if (found.archived) ctx.stderr.write(`warning: ${sanitizeLine(name)} is archived (read-only): it has no open issues to work on\n`);
      }
      // The check ran before the lock: read-modify-write under it, so a concurrent `repos add` is kept.
      let result: ReturnType<typeof addRepo> | undefined;
      await updateRepoList(file, (list) => {
        result = addRepo(list.entries, name, {
          ...(labels ? { labels } : {}),
          ...(category ? { category } : {}),
        });
        return result.action !== 'unchanged' || !list.customised ? result.entries : null;
      });
      if (result === undefined) return;
      ctx.stdout.write(`${result.action} ${sanitizeLine(result.entry.repo)} (${result.entry.category}; labels: ${sanitizeLine(result.entry.labels.join(', '))})\n`);
    });

  repos
    .command('remove <owner/name>')
    .description('stop searching a repository')
    .addHelpText('after', '\nExample:\n  $ oss-scout repos remove pytorch/pytorch')
    .action(async (input: string) => {
      const { removeRepo, updateRepoList } = await repoConfig();
      const name = parseRepoName(input).repo;
      const file = resolvePaths(ctx.env).reposFile;
      const next = await updateRepoList(file, (list) => removeRepo(list.entries, name));
      ctx.stdout.write(`removed ${sanitizeLine(name.trim())} (${next.entries.length} repositories left)\n`);
    });

  repos
    .command('reset')
    .description('replace your list with the built-in catalog')
    .addHelpText('after', '\nExample:\n  $ oss-scout repos reset    # your additions and removals are forgotten')
    .action(async () => {
      const { catalogEntries, saveRepoList } = await repoConfig();
      const file = resolvePaths(ctx.env).reposFile;
      const entries = catalogEntries();
      // saveRepoList keeps the list it replaces as repos.json.bak.
      await saveRepoList(file, entries);
      ctx.stdout.write(`reset to the built-in catalog (${entries.length} repositories)\n`);
    });

  repos
    .command('health')
    .description('does each repository merge first-time contributors\' pull requests? (last 90 days, cached 24 h)')
    .option('--repos <owner/name,...>', 'these repositories instead of your list')
    .option('--refresh', 'fetch even when the cached figures are less than 24 hours old')
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      `
For each repository: pull requests opened in the last 90 days by first-time contributors, how many
were merged, the median days to merge, and how many are still open after 30 days. \`search\` uses
the cached figures as a small ranking factor ("newcomer odds"). Needs a GitHub token.

Examples:
  $ oss-scout repos health
  $ oss-scout repos health --repos vllm-project/vllm,sgl-project/sglang --json`,
    )
    .action(async (opts: { repos?: string; refresh?: boolean; json?: boolean }, cmd: Command) => {
      const globals = readGlobalOptions(cmd);
      const list = opts.repos === undefined ? undefined : parseList(opts.repos).map((r) => parseRepoName(r).repo);
      const [{ runHealth }, { healthJson, renderHealthTable }, progressMod] = await Promise.all([
        import('../health/run.js'),
        import('../render/health.js'),
        import('../render/progress.js'),
      ]);
      const progress = await progressMod.startProgress(ctx, { quiet: opts.json === true });
      let run;
      try {
        run = await runHealth({ repos: list, refresh: opts.refresh === true }, globals, ctx, {
          notice: (line) => progress.line(`oss-scout: ${line}`),
          onFetchStart: (n) => progress.status(`reading newcomers' pull requests of ${n} repositories`),
          ...progressMod.clientHooks(globals, progress),
        });
      } finally {
        progress.stop();
      }
      for (const f of run.failures) ctx.stderr.write(`warning: ${sanitizeLine(f.repo)}: ${sanitizeLine(f.message)}\n`);
      if ((globals.verbose || globals.debug) && run.stats) ctx.stderr.write(`${progressMod.formatRequestStats(run.stats)}; ${run.cached} repositories from the cache\n`);
      ctx.stdout.write(opts.json ? healthJson(run.health, run.failures) : renderHealthTable(run.health, ctx.stdout.columns ?? 80));
    });
}
