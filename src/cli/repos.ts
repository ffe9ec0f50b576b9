import type { Command } from 'commander';
import { parseList } from '../core/refs.js';
import { resolvePaths } from '../paths.js';
import { sanitizeLine } from '../render/sanitize.js';
import type { CliContext } from './context.js';

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
  $ oss-scout repos reset`,
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
      const { addRepo, parseCategory, updateRepoList } = await repoConfig();
      const { parseRepoName } = await import('../core/refs.js');
      parseRepoName(name);
      const labels = opts.labels === undefined ? undefined : parseList(opts.labels);
      const category = opts.category === undefined ? undefined : parseCategory(opts.category);
      const file = resolvePaths(ctx.env).reposFile;
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
    .action(async (name: string) => {
      const { removeRepo, updateRepoList } = await repoConfig();
      const file = resolvePaths(ctx.env).reposFile;
      const next = await updateRepoList(file, (list) => removeRepo(list.entries, name));
      ctx.stdout.write(`removed ${sanitizeLine(name.trim())} (${next.entries.length} repositories left)\n`);
    });

  repos
    .command('reset')
    .description('replace your list with the built-in catalog')
    .action(async () => {
      const { catalogEntries, saveRepoList } = await repoConfig();
      const file = resolvePaths(ctx.env).reposFile;
      const entries = catalogEntries();
      // saveRepoList keeps the list it replaces as repos.json.bak.
      await saveRepoList(file, entries);
      ctx.stdout.write(`reset to the built-in catalog (${entries.length} repositories)\n`);
    });
}
