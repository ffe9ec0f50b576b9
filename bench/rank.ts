// Times rankIssues over 10,000 synthetic issues (median of several runs). Imported by bench/run.ts;
// `npx tsx bench/rank.ts` runs it alone. Target: well under 100 ms.
import { pathToFileURL } from 'node:url';
import { rankIssues, type RankCandidate } from '../src/core/rank.js';
import type { IssueRecord, RepoMeta, SkillProfile } from '../src/core/types.js';

const TITLES = [
  '[Kernel] Add FP8 variant of the fused {op} CUDA kernel',
  '[Doc] Document the {op} argument with an example',
  '[CI] Flaky test: test_{op}.py fails on the L4 runners',
  'DDP: {op} hangs with NCCL on 2 GPUs',
  'Add Rust binding for {op} in the tokenizers crate',
  'UI: {op} button broken in dark mode',
  'Helm chart: allow custom {op} annotations',
  '[New Model] Support {op}',
  'Quantization: int4 AWQ support for {op}',
  'Improve the error message for {op}',
];
const OPS = ['silu_and_mul', 'rms_norm', 'rotary_embedding', 'top_k', 'all_gather', 'histc', 'layer_norm', 'softmax', 'gelu', 'moe_align'];
const LABELS = [['good first issue'], ['help wanted', 'module: cuda'], ['documentation', 'good first issue'], ['area/frontend'], ['Good First Issue', 'kernel']];
const BODY = `### Your current environment
- OS: Ubuntu 22.04
- Python version: 3.11
- PyTorch version: 2.5.1
- CUDA runtime: 12.4

### Describe the bug
When calling {op} with bf16 inputs the output differs from the reference implementation. The code is in
\`csrc/{op}_kernels.cu\` and the Python wrapper in \`vllm/model_executor/layers/{op}.py\`. See the docs at
docs/source/serving/engine_args.md for the flags that control it. We should add a pytest in tests/kernels/.

\`\`\`python
import torch
x = torch.randn(4096, 4096, dtype=torch.bfloat16, device="cuda")
out = ops.{op}(x)
torch.testing.assert_close(out, ref(x))
\`\`\`

\`\`\`
Traceback (most recent call last):
  File "/usr/lib/python3.11/site-packages/vllm/worker/model_runner.py", line 1234, in execute_model
RuntimeError: CUDA error: an illegal memory access was encountered
\`\`\`
`;

export function syntheticCandidates(n = 10_000): RankCandidate[] {
  const repos: RepoMeta[] = Array.from({ length: 40 }, (_, r) => ({
    repo: `org${r}/repo${r}`,
    description: null,
    primaryLanguage: ['Python', 'C++', 'Rust', 'Go', 'TypeScript'][r % 5] as string,
    languages: ['Python', 'C++', 'Cuda', 'Shell'],
    topics: ['llm', 'inference', r % 2 === 0 ? 'cuda' : 'kubernetes'],
    stars: 1000,
    isArchived: false,
    isPrivate: false,
    url: `https://github.com/org${r}/repo${r}`,
  }));
  const base = Date.parse('2025-06-01T00:00:00Z');
  return Array.from({ length: n }, (_, i): RankCandidate => {
    const repo = repos[i % repos.length] as RepoMeta;
    const op = OPS[i % OPS.length] as string;
    const issue: IssueRecord = {
      repo: repo.repo,
      number: i + 1,
      title: (TITLES[(i * 7) % TITLES.length] as string).replace('{op}', op),
      url: `${repo.url}/issues/${i + 1}`,
      body: BODY.replaceAll('{op}', op),
      author: 'someone',
      labels: LABELS[i % LABELS.length] as string[],
      state: 'OPEN',
      createdAt: new Date(base - (i % 400) * 86_400_000).toISOString(),
      updatedAt: new Date(base - (i % 60) * 86_400_000).toISOString(),
      commentCount: i % 7,
      assignees: [],
      pullRequests: [],
      comments: [],
      signalsComplete: true,
    };
    return { issue, repo };
  });
}

export interface RankBenchResult {
  name: string;
  issues: number;
  runs: number;
  medianMs: number;
  minMs: number;
}

export function benchRank(options: { issues?: number; runs?: number } = {}): RankBenchResult {
  const items = syntheticCandidates(options.issues ?? 10_000);
  const profile: SkillProfile = {
    skills: [
      { name: 'cuda', weight: 3 },
      { name: 'c++', weight: 2 },
      { name: 'triton', weight: 2 },
      { name: 'python', weight: 1 },
      { name: 'pytest', weight: 2 },
    ],
    avoid: ['docs', 'frontend'],
    customSkills: [{ name: 'spec-decode', aliases: [], patterns: ['speculative decoding', 'draft model'] }],
  };
  const now = new Date('2025-06-01T00:00:00Z');
  rankIssues(items.slice(0, 500), { profile, now }); // warm-up: let the JIT see the hot paths
  const times: number[] = [];
  for (let r = 0; r < (options.runs ?? 7); r++) {
    const t0 = performance.now();
    rankIssues(items, { profile, now });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { name: 'rankIssues', issues: items.length, runs: times.length, medianMs: times[Math.floor(times.length / 2)] as number, minMs: times[0] as number };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = benchRank();
  process.stdout.write(`${r.name}: ${r.issues} issues, median ${r.medianMs.toFixed(1)} ms (min ${r.minMs.toFixed(1)} ms, ${r.runs} runs)\n`);
}
