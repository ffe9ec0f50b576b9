import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile, updateProfile } from '../src/config/profile.js';
import { parseNameList, parseSkillList } from '../src/core/skill-list.js';
import { unknownSkillNotes } from '../src/core/skills/resolve.js';
import { isOssScoutError } from '../src/errors.js';
import { runInProcess, tempHome, testEnv } from './helpers/cli.js';

// Invalid profile files are a 'state' error: exit code 6, the message naming the file and the field.

describe('parseSkillList', () => {
  it('reads weights 1-3 with default 2, lowercases and dedupes', () => {
    expect(parseSkillList('cuda:3, C++:2,triton,cuda:1')).toEqual([
      { name: 'cuda', weight: 3 },
      { name: 'c++', weight: 2 },
      { name: 'triton', weight: 2 },
    ]);
    expect(() => parseSkillList('cuda:4')).toThrow(/must be 1, 2 or 3/);
    // A weight that is not a whole number is an error, not part of the name.
    expect(() => parseSkillList('cuda:1.5')).toThrow(/skill weight for "cuda" must be 1, 2 or 3, got "1.5"/);
    expect(parseSkillList('cuda  python, pythön')).toEqual([
      { name: 'cuda python', weight: 2 },
      { name: 'pythön', weight: 2 },
    ]);
    expect(parseNameList('docs, Frontend,,docs')).toEqual(['docs', 'frontend']);
    expect(() => parseNameList('docs:2')).toThrow(/without weights/);
  });

  it('warns about unknown names with close vocabulary matches', () => {
    const [w] = unknownSkillNotes(['pyhton', 'cuda', 'pytest']);
    expect(unknownSkillNotes(['pyhton', 'cuda', 'pytest'])).toHaveLength(1);
    expect(w).toContain('"pyhton" is not a skill name: matched as free text; did you mean python?');
    expect(unknownSkillNotes(['cuda python'])).toEqual(['"cuda python" is not a skill name: matched as free text; for separate skills write "cuda,python" (see `oss-scout profile skills`)']);
    expect(unknownSkillNotes(['typing', 'react', 'node'])).toEqual([]);
    expect(unknownSkillNotes(['mine'], [{ name: 'mine', aliases: [], patterns: ['x'] }])).toEqual([]);
  });
});

describe('profile file', () => {
  it('round-trips through updateProfile/loadProfile with private permissions', async () => {
    const home = tempHome();
    const file = path.join(home, 'config', 'profile.json');
    expect(await loadProfile(file)).toBeNull();
    const p = { skills: [{ name: 'cuda', weight: 3 as const }], avoid: ['docs'], customSkills: [{ name: 'x', aliases: ['y'], patterns: ['zz'] }] };
    await updateProfile(file, () => p);
    expect(await loadProfile(file)).toEqual(p);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  });

  it('names the file and the field when a value is invalid', async () => {
    const home = tempHome();
    const file = path.join(home, 'profile.json');
    writeFileSync(file, JSON.stringify({ skills: [{ name: 'cuda', weight: 3 }, { name: 'c++', weight: 2 }, { name: 'docs', weight: 5 }] }));
    const err = await loadProfile(file).catch((e: unknown) => e);
    expect(isOssScoutError(err)).toBe(true);
    expect((err as Error).message).toBe(`${file}: skills[2].weight must be 1, 2 or 3`);
    expect(isOssScoutError(err) && err.exitCode).toBe(6);

    writeFileSync(file, JSON.stringify({ skills: [], customSkills: [{ name: 'a', patterns: [] }] }));
    await expect(loadProfile(file)).rejects.toThrow(`${file}: customSkills[0].patterns must list at least one term`);
    writeFileSync(file, '{"skills": [');
    await expect(loadProfile(file)).rejects.toThrow(/profile\.json: is not valid JSON/);
  });

  it.each([
    ['[]', 'the profile must be a JSON object with "skills"'],
    ['{"version": 2, "skills": []}', 'version must be 1'],
    ['{}', 'skills must be a list of skills'],
    ['{"skills": ["cuda"]}', 'skills[0] must be an object like {"name": "cuda", "weight": 3}'],
    ['{"skills": [{"weight": 3}]}', 'skills[0].name must be a string'],
    ['{"skills": [{"name": "   ", "weight": 3}]}', 'skills[0].name must not be empty'],
    [`{"skills": [{"name": "${'x'.repeat(65)}", "weight": 3}]}`, 'skills[0].name must be at most 64 characters'],
    ['{"skills": [], "avoid": "docs"}', 'avoid must be a list of skill names'],
    ['{"skills": [], "avoid": ["docs", 3]}', 'avoid[1] must be a string'],
    ['{"skills": [], "customSkills": [{"name": "x", "aliases": "y", "patterns": ["z"]}]}', 'customSkills[0].aliases must be a list of names'],
    ['{"skills": [], "customSkills": [{"name": "x", "patterns": "z"}]}', 'customSkills[0].patterns must be a list of terms'],
  ])('the first bad field of %s, in file order', async (text, why) => {
    const file = path.join(tempHome(), 'profile.json');
    writeFileSync(file, text);
    await expect(loadProfile(file)).rejects.toThrow(`${file}: ${why}`);
  });

  it('names are trimmed and lower-cased, missing lists are empty', async () => {
    const file = path.join(tempHome(), 'profile.json');
    writeFileSync(file, '{"skills": [{"name": " CUDA ", "weight": 2}], "customSkills": [{"name": "Kueue", "patterns": ["KUEUE"]}], "extra": 1}');
    expect(await loadProfile(file)).toEqual({ skills: [{ name: 'cuda', weight: 2 }], avoid: [], customSkills: [{ name: 'kueue', aliases: [], patterns: ['kueue'] }] });
  });
});

describe('oss-scout profile', () => {
  it('set then show --json round-trips, keeping custom skills across set', async () => {
    const home = tempHome();
    const env = testEnv(home);
    const set = await runInProcess(['profile', 'set', '--skills', 'cuda:3,c++:2,triton,python:1', '--avoid', 'docs,frontend'], { env });
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('saved profile to');
    const add = await runInProcess(['profile', 'add-skill', 'spec-decode', '--patterns', 'speculative decoding,draft model', '--weight', '3'], { env });
    expect(add.code).toBe(0);
    const show = await runInProcess(['profile', 'show', '--json'], { env });
    expect(show.code).toBe(0);
    const out = JSON.parse(show.stdout) as { file: string; profile: unknown };
    expect(out.file).toBe(path.join(home, 'config', 'profile.json'));
    expect(out.profile).toEqual({
      skills: [
        { name: 'cuda', weight: 3 },
        { name: 'c++', weight: 2 },
        { name: 'triton', weight: 2 },
        { name: 'python', weight: 1 },
        { name: 'spec-decode', weight: 3 },
      ],
      avoid: ['docs', 'frontend'],
      customSkills: [{ name: 'spec-decode', aliases: [], patterns: ['speculative decoding', 'draft model'] }],
    });
    // A second `set` without --avoid replaces the skills but keeps avoid and the custom skill.
    await runInProcess(['profile', 'set', '--skills', 'rust:3'], { env });
    const again = JSON.parse((await runInProcess(['profile', 'show', '--json'], { env })).stdout) as { profile: { skills: unknown; avoid: string[]; customSkills: unknown[] } };
    expect(again.profile.skills).toEqual([{ name: 'rust', weight: 3 }]);
    expect(again.profile.avoid).toEqual(['docs', 'frontend']);
    expect(again.profile.customSkills).toHaveLength(1);
  });

  it('warns about unknown skills but saves them', async () => {
    const env = testEnv(tempHome());
    const r = await runInProcess(['profile', 'set', '--skills', 'pyhton,cuda'], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/"pyhton" is not a skill name: matched as free text; did you mean python/);
    expect(r.stdout).toContain('pyhton:2');
  });

  it('says when add-skill extends a built-in skill, and remove-skill takes a skill out', async () => {
    const env = testEnv(tempHome());
    const add = await runInProcess(['profile', 'add-skill', 'k8s', '--patterns', 'kueue', '--weight', '3'], { env });
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/"k8s" is the built-in skill "kubernetes": your terms \(kueue\) extend its \d+/);
    await runInProcess(['profile', 'set', '--skills', 'k8s:3,cuda', '--avoid', 'docs'], { env });
    const rm = await runInProcess(['profile', 'remove-skill', 'k8s'], { env });
    expect(rm.code).toBe(0);
    expect(rm.stdout).toContain('removed "k8s" from your skills, your custom skills');
    const shown = JSON.parse((await runInProcess(['profile', 'show', '--json'], { env })).stdout) as { profile: { skills: unknown; avoid: string[]; customSkills: unknown[] } };
    expect(shown.profile).toEqual({ skills: [{ name: 'cuda', weight: 2 }], avoid: ['docs'], customSkills: [] });
    const again = await runInProcess(['profile', 'remove-skill', 'k8s'], { env });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('"k8s" is not in your profile');
  });

  it('rejects a bad weight with exit 2 and reports an invalid file with exit 6 naming file and field', async () => {
    const home = tempHome();
    const env = testEnv(home);
    const bad = await runInProcess(['profile', 'set', '--skills', 'cuda:9'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('must be 1, 2 or 3');
    mkdirSync(path.join(home, 'config'), { recursive: true });
    const file = path.join(home, 'config', 'profile.json');
    writeFileSync(file, JSON.stringify({ skills: [{ name: 'cuda', weight: 3 }, { name: 'x', weight: 1 }, { name: 'docs', weight: 7 }] }));
    const show = await runInProcess(['profile', 'show'], { env });
    expect(show.code).toBe(6);
    expect(show.stderr).toContain(`${file}: skills[2].weight must be 1, 2 or 3`);
    expect(readFileSync(file, 'utf8')).toContain('"weight":7');
  });

  it('show without a profile says how to set one; skills lists the vocabulary', async () => {
    const env = testEnv(tempHome());
    const show = await runInProcess(['profile', 'show'], { env });
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('oss-scout profile set --skills');
    const skills = await runInProcess(['profile', 'skills'], { env });
    expect(skills.stdout).toMatch(/^cuda\s+CUDA kernels/m);
    expect(skills.stdout).toMatch(/\d+ skills\./);
    const help = await runInProcess(['profile', '--help'], { env });
    expect(help.stdout).toContain('Examples:');
  });

  // Each is a profile.json a user could end up with: hand edits, a torn copy, another tool's file.
  const corrupt: [string, string][] = [
    ['empty', ''],
    ['truncated', '{"version": 1, "skills": [{"name": "cuda", "weight": 3}'],
    ['null', 'null'],
    ['a list', '[]'],
    ['skills not a list', '{"skills": "cuda"}'],
    ['bad weight', '{"skills": [{"name": "cuda", "weight": 9}], "avoid": ["docs"]}'],
    ['future version', '{"version": 2, "skills": []}'],
    ['custom skill without terms', '{"skills": [], "customSkills": [{"name": "mine", "patterns": []}]}'],
    ['terminal escapes', '\u001b]0;pwned\u0007\u001b[2J{"skills": [\u001b[31mEVIL\u202e\u200b'],
  ];

  it.each(corrupt)('set and add-skill refuse an unreadable profile.json (%s): exit 6, file kept, the way out named', async (_name, text) => {
    const home = tempHome();
    const env = testEnv(home);
    const file = path.join(home, 'config', 'profile.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    for (const args of [['profile', 'set', '--skills', 'python'], ['profile', 'add-skill', 'mine', '--patterns', 'a,b'], ['profile', 'show']]) {
      const r = await runInProcess(args, { env });
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 6, stdout: '' });
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^oss-scout: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `));
      expect(r.stderr).toContain(`mv "${file}" "${file}.broken"`);
      // Nothing of the file's bytes is echoed: no escape sequences, no text from inside it.
      expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b\u202e]/);
      expect(r.stderr).not.toContain('EVIL');
      expect(r.stderr).not.toContain('pwned');
    }
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('a JSON error says where, by line and column, never quoting the file', async () => {
    const home = tempHome();
    const file = path.join(home, 'profile.json');
    writeFileSync(file, '{\n  "skills": [1 SECRET-LOOKING-TEXT]\n}');
    const e = (await loadProfile(file).catch((err: unknown) => err)) as Error;
    expect(e.message).toBe(`${file}: is not valid JSON (line 2, column 16)`);
    writeFileSync(file, '{\n  "skills": [\u001b[31mSECRET-LOOKING-TEXT]\n}');
    expect(((await loadProfile(file).catch((err: unknown) => err)) as Error).message).toBe(`${file}: is not valid JSON (truncated or edited?)`);
    writeFileSync(file, '{"skills": [');
    expect(((await loadProfile(file).catch((err: unknown) => err)) as Error).message).toBe(`${file}: is not valid JSON (it ends too early)`);
  });
});

