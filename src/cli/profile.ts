import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { resolvePaths } from '../paths.js';
import type { CliContext } from '../context.js';
import { parseNameList, parseSkillList } from '../core/skill-list.js';

// The profile modules pull in zod and the file lock; they are imported inside the actions so that
// other commands do not pay for them at startup.

function collectWeight(value: string): 1 | 2 | 3 {
  const w = Number(value);
  if (w !== 1 && w !== 2 && w !== 3) throw usageError(`--weight must be 1, 2 or 3, got "${value}"`);
  return w;
}

export function register(program: Command, ctx: CliContext): void {
  const profile = program
    .command('profile')
    .description('set and show the skills that search ranks by')
    .addHelpText(
      'after',
      `
Examples:
  $ oss-scout profile set --skills "cuda:3,c++:2,triton,python:1" --avoid "docs,frontend"
  $ oss-scout profile show --json
  $ oss-scout profile add-skill vllm-spec-decode --patterns "speculative decoding,eagle,draft model" --weight 3
  $ oss-scout profile remove-skill vllm-spec-decode
  $ oss-scout profile skills

Weights are 1 (nice to have) to 3 (what I want most); the default is 2. Names can be any built-in skill
or alias (see \`profile skills\`); any other name is matched as free text, and says so.`,
    );

  profile
    .command('set')
    .description('save the skills to rank by (replaces the saved list)')
    .requiredOption('--skills <list>', 'comma-separated skills with optional weights, e.g. "cuda:3,c++:2,triton"')
    .option('--avoid <list>', 'comma-separated skills to push down, e.g. "docs,frontend" (pass "" to clear)')
    .addHelpText('after', '\nExample:\n  $ oss-scout profile set --skills "python:1,pytest:3,docs:3" --avoid cuda')
    .action(async (opts: { skills: string; avoid?: string }) => {
      const [{ updateProfile }, { unknownSkillNotes }] = await Promise.all([
        import('../config/profile.js'),
        import('../core/skills/resolve.js'),
      ]);
      const file = resolvePaths(ctx.env).profileFile;
      const skills = parseSkillList(opts.skills);
      if (skills.length === 0) throw usageError('--skills needs at least one skill, e.g. --skills "cuda:3,python"');
      // Keep custom skills and, unless --avoid is given, the avoid list: `set` is about the weighted skills.
      const { avoid, customSkills } = await updateProfile(file, (existing) => ({
        skills,
        avoid: opts.avoid === undefined ? (existing?.avoid ?? []) : parseNameList(opts.avoid),
        customSkills: existing?.customSkills ?? [],
      }));
      for (const w of unknownSkillNotes([...skills.map((s) => s.name), ...avoid], customSkills)) ctx.stderr.write(`warning: ${w}\n`);
      ctx.stdout.write(`saved profile to ${file}\n`);
      ctx.stdout.write(`skills: ${skills.map((s) => `${s.name}:${s.weight}`).join(', ')}\n`);
      if (avoid.length > 0) ctx.stdout.write(`avoid:  ${avoid.join(', ')}\n`);
    });

  profile
    .command('show')
    .description('print the saved profile')
    .option('--json', 'print as JSON: {"file", "profile"} (profile is null when none is saved)')
    .addHelpText('after', "\nExamples:\n  $ oss-scout profile show\n  $ oss-scout profile show --json | jq '.profile.skills'")
    .action(async (opts: { json?: boolean }) => {
      const { loadProfile } = await import('../config/profile.js');
      const file = resolvePaths(ctx.env).profileFile;
      const p = await loadProfile(file);
      if (opts.json) {
        ctx.stdout.write(`${JSON.stringify({ file, profile: p }, null, 2)}\n`);
        return;
      }
      if (p === null) {
        ctx.stdout.write(`no profile saved yet (${file})\nset one with: oss-scout profile set --skills "cuda:3,c++:2,python:1"\n`);
        return;
      }
      ctx.stdout.write(`profile: ${file}\n`);
      ctx.stdout.write(`skills:  ${p.skills.map((s) => `${s.name}:${s.weight}`).join(', ') || '(none)'}\n`);
      ctx.stdout.write(`avoid:   ${p.avoid.join(', ') || '(none)'}\n`);
      for (const c of p.customSkills) {
        const aliases = c.aliases.length > 0 ? ` (aliases: ${c.aliases.join(', ')})` : '';
        ctx.stdout.write(`custom:  ${c.name}${aliases}: ${c.patterns.join(', ')}\n`);
      }
    });

  profile
    .command('add-skill')
    .description('define your own skill by the terms that signal it (a built-in name extends that skill)')
    .argument('<name>', 'the skill name, e.g. spec-decode')
    .requiredOption('--patterns <list>', 'comma-separated words or phrases that count as evidence')
    .option('--aliases <list>', 'other names you may type for it')
    .option('--weight <n>', 'also add it to your skills with this weight (1-3)', collectWeight)
    .addHelpText('after', '\nExample:\n  $ oss-scout profile add-skill spec-decode --patterns "speculative decoding,draft model,eagle" --weight 3')
    .action(async (rawName: string, opts: { patterns: string; aliases?: string; weight?: 1 | 2 | 3 }) => {
      const { updateProfile } = await import('../config/profile.js');
      const name = rawName.trim().toLowerCase();
      if (name === '' || name.includes(',') || name.includes(':')) throw usageError(`skill name "${rawName}" must be one word without "," or ":"`);
      const patterns = parseNameList(opts.patterns, '--patterns');
      if (patterns.length === 0) throw usageError('--patterns needs at least one term');
      const aliases = opts.aliases === undefined ? [] : parseNameList(opts.aliases, '--aliases');
      const file = resolvePaths(ctx.env).profileFile;
      const { skills } = await updateProfile(file, (current) => {
        const p = current ?? { skills: [], avoid: [], customSkills: [] };
        const customSkills = [...p.customSkills.filter((c) => c.name !== name), { name, aliases, patterns }];
        let skills = p.skills;
        if (opts.weight !== undefined) skills = [...skills.filter((s) => s.name !== name), { name, weight: opts.weight as 1 | 2 | 3 }];
        return { ...p, skills, customSkills };
      });
      const { findSkill } = await import('../core/skills/vocabulary.js');
      const builtIn = findSkill(name);
      if (builtIn !== undefined) {
        ctx.stdout.write(`"${name}" is the built-in skill "${builtIn.name}": your terms (${patterns.join(', ')}) extend its ${builtIn.terms.length + (builtIn.related?.length ?? 0)}; saved to ${file}\n`);
      } else {
        ctx.stdout.write(`saved custom skill "${name}" (${patterns.join(', ')}) to ${file}\n`);
      }
      if (opts.weight === undefined && !skills.some((s) => s.name === name)) {
        ctx.stdout.write(`it is not in your skills yet: add it with --weight, or list it in profile set --skills\n`);
      }
    });

  profile
    .command('remove-skill')
    .description('take a skill out of your profile: its weight, an avoid entry and your own definition of it')
    .argument('<name>', 'the skill name as it is in your profile, e.g. spec-decode')
    .addHelpText('after', '\nExample:\n  $ oss-scout profile remove-skill spec-decode')
    .action(async (rawName: string) => {
      const { updateProfile } = await import('../config/profile.js');
      const name = rawName.trim().toLowerCase();
      const file = resolvePaths(ctx.env).profileFile;
      const removed: string[] = [];
      // Under the profile's lock, so a concurrent add-skill is not lost.
      await updateProfile(file, (p) => {
        const skills = (p?.skills ?? []).filter((s) => s.name !== name);
        if (skills.length !== (p?.skills.length ?? 0)) removed.push('your skills');
        const avoid = (p?.avoid ?? []).filter((a) => a !== name);
        if (avoid.length !== (p?.avoid.length ?? 0)) removed.push('the avoid list');
        const customSkills = (p?.customSkills ?? []).filter((c) => c.name !== name);
        if (customSkills.length !== (p?.customSkills.length ?? 0)) removed.push('your custom skills');
        if (p === null || removed.length === 0) {
          throw usageError(`"${name}" is not in your profile`, 'see it with `oss-scout profile show`');
        }
        return { skills, avoid, customSkills };
      });
      ctx.stdout.write(`removed "${name}" from ${removed.join(', ')} in ${file}\n`);
    });

  profile
    .command('skills')
    .description('list the built-in skill vocabulary')
    .option('--json', 'print as JSON')
    .addHelpText('after', "\nExamples:\n  $ oss-scout profile skills\n  $ oss-scout profile skills --json | jq -r '.[].name'")
    .action(async (opts: { json?: boolean }) => {
      const { VOCABULARY } = await import('../core/skills/vocabulary.js');
      if (opts.json) {
        ctx.stdout.write(`${JSON.stringify(VOCABULARY, null, 2)}\n`);
        return;
      }
      const width = Math.max(...VOCABULARY.map((s) => s.name.length));
      for (const s of VOCABULARY) {
        const aliases = s.aliases.length > 0 ? ` (also: ${s.aliases.join(', ')})` : '';
        ctx.stdout.write(`${s.name.padEnd(width)}  ${s.description}${aliases}\n`);
      }
      ctx.stdout.write(`\n${VOCABULARY.length} skills. Add your own with: oss-scout profile add-skill <name> --patterns "a,b"\n`);
    });
}
