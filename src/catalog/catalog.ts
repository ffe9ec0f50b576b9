import type { CatalogEntry } from '../core/types.js';

// The curated catalog: ML-infrastructure repositories oss-scout searches by default.
//
// To add a repository, append one entry to CATALOG:
//   { repo: 'owner/name', category: <one of RepoCategory>, labels: [...] }
// - `repo` is the exact, current owner/name as GitHub spells it (after renames/transfers).
// - `labels` are the label names the repo really uses for beginner / help-wanted work, strongest
//   first, spelled exactly as on the repo's /labels page (case and dashes matter to GitHub search).
//   When unsure, use ['good first issue', 'help wanted'].
// Then regenerate the shipped snapshot (`npx tsx scripts/build-snapshot.ts`) after adding the repo's
// data to scripts/snapshot-data/, and run `npx vitest run tests/catalog.test.ts`.

const GFI_HW: readonly string[] = ['good first issue', 'help wanted'];

export const CATALOG: readonly CatalogEntry[] = [
  // --- serving -------------------------------------------------------------------------------
  { repo: 'vllm-project/vllm', category: 'serving', labels: [...GFI_HW] },
  { repo: 'sgl-project/sglang', category: 'serving', labels: [...GFI_HW] },
  { repo: 'huggingface/text-generation-inference', category: 'serving', labels: [...GFI_HW] },
  { repo: 'ggml-org/llama.cpp', category: 'serving', labels: [...GFI_HW] },
  { repo: 'ollama/ollama', category: 'serving', labels: [...GFI_HW] },
  { repo: 'NVIDIA/TensorRT-LLM', category: 'serving', labels: [...GFI_HW] },
  { repo: 'InternLM/lmdeploy', category: 'serving', labels: [...GFI_HW] },
  { repo: 'mlc-ai/mlc-llm', category: 'serving', labels: [...GFI_HW] },
  { repo: 'triton-inference-server/server', category: 'serving', labels: [...GFI_HW] },
  { repo: 'bentoml/BentoML', category: 'serving', labels: [...GFI_HW] },

  // --- training ------------------------------------------------------------------------------
  // `good first issue` + `actionable` seen together on pytorch issue threads (2025); `OSS contribution wanted`
  // seen on pytorch issue threads (2024).
  {
    repo: 'pytorch/pytorch',
    category: 'training',
    labels: ['good first issue', 'actionable', 'OSS contribution wanted'],
  },
  {
    repo: 'huggingface/transformers',
    category: 'training',
    labels: ['Good First Issue', 'Good First Documentation Issue', 'Good Second Issue', 'Good Difficult Issue'],
  },
  { repo: 'huggingface/accelerate', category: 'training', labels: [...GFI_HW] },
  // `contributions-welcome` linked from a peft release note (v0.11, 2024); the other two unconfirmed.
  { repo: 'huggingface/peft', category: 'training', labels: ['good first issue', 'contributions-welcome', 'help wanted'] },
  { repo: 'huggingface/trl', category: 'training', labels: [...GFI_HW] },
  // `contributions-welcome` + `good first issue` seen on diffusers issue threads (2025); `Good second issue` named in
  // CONTRIBUTING.md; `help wanted` unconfirmed.
  {
    repo: 'huggingface/diffusers',
    category: 'training',
    labels: ['good first issue', 'contributions-welcome', 'Good second issue', 'help wanted'],
  },
  { repo: 'deepspeedai/DeepSpeed', category: 'training', labels: [...GFI_HW] },
  { repo: 'NVIDIA/Megatron-LM', category: 'training', labels: [...GFI_HW] },
  { repo: 'Lightning-AI/pytorch-lightning', category: 'training', labels: [...GFI_HW] },
  { repo: 'pytorch/torchtitan', category: 'training', labels: [...GFI_HW] },
  { repo: 'pytorch/vision', category: 'training', labels: [...GFI_HW] },
  { repo: 'unslothai/unsloth', category: 'training', labels: [...GFI_HW] },
  { repo: 'volcengine/verl', category: 'training', labels: [...GFI_HW] },

  // --- kernels and compilers -----------------------------------------------------------------
  { repo: 'triton-lang/triton', category: 'kernels-compilers', labels: [...GFI_HW] },
  { repo: 'Dao-AILab/flash-attention', category: 'kernels-compilers', labels: [...GFI_HW] },
  { repo: 'flashinfer-ai/flashinfer', category: 'kernels-compilers', labels: [...GFI_HW] },
  { repo: 'NVIDIA/cutlass', category: 'kernels-compilers', labels: [...GFI_HW] },
  { repo: 'apache/tvm', category: 'kernels-compilers', labels: [...GFI_HW] },
  { repo: 'openxla/xla', category: 'kernels-compilers', labels: [...GFI_HW] },
  // Both named (with label: links) in jax's docs/contributing.md.
  { repo: 'jax-ml/jax', category: 'kernels-compilers', labels: ['good first issue', 'contributions welcome'] },
  // `contributions welcome` seen in .github/policies/updateStaleIssues.yml; `good first issue` unconfirmed.
  {
    repo: 'microsoft/onnxruntime',
    category: 'kernels-compilers',
    labels: ['good first issue', 'contributions welcome'],
  },
  { repo: 'openvinotoolkit/openvino', category: 'kernels-compilers', labels: ['good first issue'] },
  { repo: 'pytorch/ao', category: 'kernels-compilers', labels: [...GFI_HW] },
  // `actionable` + `good first issue` named in CONTRIBUTING.md ("Claiming Issues"); `help wanted` unconfirmed.
  { repo: 'pytorch/executorch', category: 'kernels-compilers', labels: ['good first issue', 'actionable', 'help wanted'] },
  { repo: 'huggingface/candle', category: 'kernels-compilers', labels: [...GFI_HW] },

  // --- distributed systems and platforms -----------------------------------------------------
  { repo: 'ray-project/ray', category: 'distributed-platform', labels: [...GFI_HW] },
  // `good first issue` + `help wanted` seen on kuberay issue threads; the dashed `good-first-issue` was never seen.
  { repo: 'ray-project/kuberay', category: 'distributed-platform', labels: [...GFI_HW] },
  { repo: 'kubeflow/pipelines', category: 'distributed-platform', labels: [...GFI_HW] },
  { repo: 'kubeflow/trainer', category: 'distributed-platform', labels: [...GFI_HW] },
  { repo: 'kserve/kserve', category: 'distributed-platform', labels: [...GFI_HW] },
  { repo: 'skypilot-org/skypilot', category: 'distributed-platform', labels: [...GFI_HW] },
  { repo: 'mlflow/mlflow', category: 'distributed-platform', labels: [...GFI_HW] },

  // --- data and evaluation -------------------------------------------------------------------
  { repo: 'huggingface/datasets', category: 'data-eval', labels: [...GFI_HW] },
  { repo: 'EleutherAI/lm-evaluation-harness', category: 'data-eval', labels: [...GFI_HW] },
  { repo: 'feast-dev/feast', category: 'data-eval', labels: [...GFI_HW] },
  { repo: 'lancedb/lance', category: 'data-eval', labels: [...GFI_HW] },

  // --- tooling -------------------------------------------------------------------------------
  { repo: 'huggingface/tokenizers', category: 'tooling', labels: [...GFI_HW] },
  { repo: 'huggingface/huggingface_hub', category: 'tooling', labels: [...GFI_HW] },
  { repo: 'huggingface/safetensors', category: 'tooling', labels: [...GFI_HW] },
  // Both seen together on onnx issue threads (2025).
  { repo: 'onnx/onnx', category: 'tooling', labels: ['good first issue', 'contributions welcome'] },
  { repo: 'wandb/wandb', category: 'tooling', labels: [...GFI_HW] },
];

/** Labels tried for a repository that is not in the catalog. */
export const DEFAULT_BEGINNER_LABELS: readonly string[] = [
  'good first issue',
  'Good First Issue',
  'good-first-issue',
  'help wanted',
  'contributions welcome',
];
