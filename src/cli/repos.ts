import type { Command } from 'commander';
import { parseList } from '../core/refs.js';
import { resolvePaths } from '../paths.js';
import { sanitizeLine } from '../render/sanitize.js';
import type { CliContext } from './context.js';
import { readGlobalOptions } from './global-options.js';

// Config-file code is imported lazily so `oss-scout --help` and `search` do not pay for zod here.
async function repoConfig() {
  return import('../config/repos.js');
}

export function register(program: Command, ctx: CliContext): void {
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
    .description('add a repository, or change the labels/category of one already listed')
    .option('--labels <list>', 'comma-separated labels that mark beginner work in this repo')
    .option('--category <c>', 'serving, training, kernels-compilers, distributed-platform, data-eval or tooling')
    .action(async (name: string, opts: { labels?: string; category?: string }) => {
      const { addRepo, loadRepoList, parseCategory, saveRepoList } = await repoConfig();
      const { parseRepoName } = await import('../core/refs.js');
      parseRepoName(name);
      const labels = opts.labels === undefined ? undefined : parseList(opts.labels);
      const category = opts.category === undefined ? undefined : parseCategory(opts.category);
      const file = resolvePaths(ctx.env).reposFile;
      const list = await loadRepoList(file);
      const result = addRepo(list.entries, name, {
        ...(labels ? { labels } : {}),
        ...(category ? { category } : {}),
      });
      if (result.action !== 'unchanged' || !list.customised) await saveRepoList(file, result.entries);
      ctx.stdout.write(`${result.action} ${sanitizeLine(result.entry.repo)} (${result.entry.category}; labels: ${sanitizeLine(result.entry.labels.join(', '))})\n`);
    });

  repos
    .command('remove <owner/name>')
    .description('stop searching a repository')
    .action(async (name: string) => {
      const { loadRepoList, removeRepo, saveRepoList } = await repoConfig();
      const file = resolvePaths(ctx.env).reposFile;
      const list = await loadRepoList(file);
      const next = removeRepo(list.entries, name);
      await saveRepoList(file, next);
      ctx.stdout.write(`removed ${sanitizeLine(name.trim())} (${next.length} repositories left)\n`);
    });

  repos
    .command('reset')
    .description('replace your list with the built-in catalog')
    .action(async () => {
      const { catalogEntries, saveRepoList } = await repoConfig();
      const file = resolvePaths(ctx.env).reposFile;
      const entries = catalogEntries();
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
      const { parseRepoName } = await import('../core/refs.js');
      const list = opts.repos === undefined ? undefined : parseList(opts.repos).map((r) => parseRepoName(r).repo);
      const [{ runHealth }, { healthJson, renderHealthTable }] = await Promise.all([import('../health/run.js'), import('../render/health.js')]);
      const run = await runHealth({ repos: list, refresh: opts.refresh === true }, globals, ctx, {
        notice: (line) => ctx.stderr.write(`oss-scout: ${line}\n`),
        ...(globals.verbose
          ? { onRequest: (i) => ctx.stderr.write(`→ ${i.method} ${sanitizeLine(i.url)} ${i.status ?? 'failed'} (${Math.round(i.ms)} ms)\n`) }
          : {}),
      });
      for (const f of run.failures) ctx.stderr.write(`warning: ${sanitizeLine(f.repo)}: ${sanitizeLine(f.message)}\n`);
      if (globals.verbose && run.stats) {
        ctx.stderr.write(`oss-scout: ${run.stats.requests} HTTP requests, ${run.stats.graphqlCost} GraphQL points; ${run.cached} repositories from the cache\n`);
      }
      ctx.stdout.write(opts.json ? healthJson(run.health, run.failures) : renderHealthTable(run.health, ctx.stdout.columns ?? 80));
    });
}
