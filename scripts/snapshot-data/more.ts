import { claim, user, type IssueSpec } from './spec.js';

/** Additional issues, merged into the repo specs by scripts/build-snapshot.ts. */
export const MORE_ISSUES: Record<string, IssueSpec[]> = {
  'vllm-project/vllm': [
    {
      n: 21544,
      t: '[Bug]: `vllm bench serve` crashes when `--dataset-name sharegpt` file has empty conversations',
      b: 'Filter empty conversations in `vllm/benchmarks/datasets.py` (`ShareGPTDataset.sample`) and add a pytest in `tests/benchmarks/`. Python only.',
      l: ['bug', 'good first issue', 'benchmark'],
      by: 'bench-runner-x',
      c: 260,
      k: 1,
    },
  ],
  'sgl-project/sglang': [
    {
      n: 8511,
      t: '[Docs] Document `--enable-metrics` Prometheus metric names',
      b: 'List all exported metrics from `python/sglang/srt/metrics/collector.py` in `docs/references/production_metrics.md` with a sample Grafana dashboard JSON.',
      l: ['documentation', 'good first issue'],
      by: 'grafana-guy',
      c: 200,
    },
  ],
  'ggml-org/llama.cpp': [
    {
      n: 11820,
      t: 'ci: add a Windows ARM64 build job for the CPU backend',
      b: 'GitHub Actions now has `windows-11-arm` runners. Add a job to `.github/workflows/build.yml` building with clang and running `ctest`. CI/CMake only.',
      l: ['good first issue', 'build', 'devops'],
      by: 'arm-laptop',
      c: 290,
    },
  ],
  'ollama/ollama': [
    {
      n: 8802,
      t: 'cmd: `ollama show --modelfile` omits `PARAMETER stop` entries with newlines',
      b: 'Escape newlines when rendering in `cmd/cmd.go`. Go + unit test in `cmd/cmd_test.go`.',
      l: ['bug', 'good first issue'],
      by: 'modelfile-fan',
      c: 380,
      k: 2,
    },
  ],
  'NVIDIA/TensorRT-LLM': [
    {
      n: 6540,
      t: '[Test] Add a CPU-only pytest for `tensorrt_llm.llmapi.tokenizer.TransformersTokenizer.decode` with `skip_special_tokens`',
      b: 'No GPU needed; lives in `tests/unittest/llmapi/test_tokenizer.py`.',
      l: ['good first issue', 'testing'],
      by: 'tok-tests',
      c: 300,
    },
  ],
  'pytorch/pytorch': [
    {
      n: 152077,
      t: '`torch.utils.data.DataLoader` docs: `persistent_workers` and `pin_memory_device` interplay',
      b: 'Clarify in `torch/utils/data/dataloader.py` docstring; docs-only.',
      l: ['module: docs', 'module: dataloader', 'good first issue'],
      by: 'loader-reader',
      c: 400,
      k: 3,
    },
    {
      n: 150311,
      t: 'Inductor: improve error when Triton is not installed on a CUDA machine',
      b: [
        '```text',
        'torch._inductor.exc.InductorError: RuntimeError: Cannot find a working triton installation.',
        '```',
        '',
        'Message should suggest `pip install triton` matching the torch version. Change in `torch/_inductor/codecache.py`; pytest in `test/inductor/`.',
      ].join('\n'),
      l: ['module: inductor', 'good first issue', 'actionable'],
      by: 'triton-missing',
      c: 430,
    },
  ],
  'huggingface/transformers': [
    {
      n: 36210,
      t: 'Add missing `pytest` marker `@require_torch_accelerator` to Qwen2-VL integration tests',
      b: 'The tests in `tests/models/qwen2_vl/test_modeling_qwen2_vl.py` use CUDA directly and fail on MPS/XPU CI. Swap to the accelerator-agnostic decorators.',
      l: ['Good First Issue', 'Tests'],
      by: 'xpu-ci',
      c: 350,
    },
  ],
  'huggingface/accelerate': [
    {
      n: 3320,
      t: '`accelerate estimate-memory` should support models with `trust_remote_code`',
      b: 'Add a flag passthrough in `src/accelerate/commands/estimate.py` and a pytest.',
      l: ['good first issue', 'feature request'],
      by: 'mem-estimator',
      c: 330,
    },
  ],
  'huggingface/peft': [
    {
      n: 2390,
      t: 'Add a pytest for saving/loading `LoraConfig` with `layers_to_transform` as int',
      b: 'Round-trip via `save_pretrained`/`from_pretrained`; currently becomes a list on reload.',
      l: ['good first issue', 'tests'],
      by: 'roundtrip-rex',
      c: 320,
    },
  ],
  'deepspeedai/DeepSpeed': [
    {
      n: 6701,
      t: '[BUG] `deepspeed --hostfile` ignores comments with leading whitespace',
      b: 'Parsing in `deepspeed/launcher/runner.py` (`_parse_hostfile`). Python + pytest in `tests/unit/launcher/`.',
      l: ['bug', 'good first issue'],
      by: 'hostfile-user',
      c: 390,
      k: 1,
    },
  ],
  'Lightning-AI/pytorch-lightning': [
    {
      n: 20411,
      t: '`LearningRateMonitor` should log momentum for `AdamW` betas',
      b: 'Extend `src/lightning/pytorch/callbacks/lr_monitor.py`; pytest in `tests/tests_pytorch/callbacks/test_lr_monitor.py`.',
      l: ['good first issue', 'feature'],
      by: 'beta-logger',
      c: 380,
    },
  ],
  'triton-lang/triton': [
    {
      n: 6988,
      t: '[Docs] `triton.testing.do_bench` docstring does not explain `return_mode`',
      b: 'Document the options in `python/triton/testing.py`.',
      l: ['documentation', 'good first issue'],
      by: 'bench-doc',
      c: 420,
    },
  ],
  'Dao-AILab/flash-attention': [
    {
      n: 1480,
      t: 'Add a Triton reference implementation test for `flash_attn_with_kvcache` paged mode',
      b: 'Compare against a simple PyTorch reference in `tests/test_flash_attn.py`; CUDA required.',
      l: ['help wanted', 'testing'],
      by: 'paged-tester',
      c: 380,
    },
  ],
  'flashinfer-ai/flashinfer': [
    {
      n: 1320,
      t: '[Build] `pip install -e .` should print which CUDA arch list is used for AOT kernels',
      b: 'Packaging tweak in `setup.py` / `flashinfer/jit/cpp_ext.py` reading `FLASHINFER_CUDA_ARCH_LIST`.',
      l: ['good first issue', 'build'],
      by: 'arch-list',
      c: 300,
    },
  ],
  'apache/tvm': [
    {
      n: 17540,
      t: '[Relax][ONNX] Support `HardSwish` opset 22 in the ONNX frontend',
      b: 'Add converter in `python/tvm/relax/frontend/onnx/onnx_frontend.py` + pytest.',
      l: ['help wanted', 'frontend:onnx'],
      by: 'onnx-importer',
      c: 380,
    },
  ],
  'jax-ml/jax': [
    {
      n: 28140,
      t: 'Pallas docs: add a TPU vs GPU (Triton/Mosaic GPU) comparison table',
      b: 'Update `docs/pallas/index.rst`; docs-only.',
      l: ['documentation', 'contributions welcome', 'pallas'],
      by: 'pallas-learner',
      c: 360,
    },
  ],
  'microsoft/onnxruntime': [
    {
      n: 23870,
      t: '[Rust?] Document community Rust bindings (`ort` crate) in the install matrix',
      b: 'Add a row to `docs/install/index.md` pointing to the community Rust crate with a caveat that it is not officially supported.',
      l: ['documentation', 'contributions welcome'],
      by: 'rustacean-ort',
      c: 400,
    },
  ],
  'pytorch/ao': [
    {
      n: 2410,
      t: 'Add `int8_dynamic_activation_int4_weight` to the README quantization table',
      b: 'Docs only; include perf numbers from `benchmarks/`.',
      l: ['good first issue', 'documentation'],
      by: 'readme-tables',
      c: 330,
    },
  ],
  'ray-project/ray': [
    {
      n: 51230,
      t: '[Data] `Dataset.write_json` should support `compression="gzip"` via `arrow_open_stream_args`',
      b: 'Document and test in `python/ray/data/tests/test_json.py` (pytest).',
      l: ['data', 'good first issue', 'docs'],
      by: 'gzip-writer',
      c: 420,
      k: 2,
    },
  ],
  'kserve/kserve': [
    {
      n: 4150,
      t: 'Add Go unit tests for `pkg/controller/v1beta1/inferenceservice/utils`',
      b: 'Coverage is low; table-driven tests welcome. Go + Kubernetes types.',
      l: ['good first issue', 'area/test'],
      by: 'go-coverage',
      c: 350,
    },
  ],
  'mlflow/mlflow': [
    {
      n: 17702,
      t: '[DOC-FIX] Tracing docs should show `mlflow.openai.autolog()` with async clients',
      b: 'Add an example to `docs/docs/genai/tracing/integrations/listing/openai.mdx`.',
      l: ['area/docs', 'good first issue', 'area/tracing'],
      by: 'async-tracer',
      c: 400,
    },
  ],
  'huggingface/datasets': [
    {
      n: 7105,
      t: 'Add `num_proc` support to `Dataset.push_to_hub` for parquet conversion',
      b: 'Python change in `src/datasets/arrow_dataset.py`; pytest with the hub CI fixtures.',
      l: ['enhancement', 'good first issue'],
      by: 'upload-speed',
      c: 390,
      cm: [user('upload-speed', 300, 'Still interested, happy to review if someone picks it up.')],
    },
  ],
  'huggingface/tokenizers': [
    {
      n: 1590,
      t: 'Rust docs: add doc-tests for `PreTokenizerWrapper` variants',
      b: 'Improve docs.rs coverage in `tokenizers/src/pre_tokenizers/mod.rs`. Rust + `cargo test --doc`.',
      l: ['good first issue', 'rust', 'documentation'],
      by: 'doctest-rs',
      c: 360,
    },
  ],
  'huggingface/candle': [
    {
      n: 2510,
      t: 'CUDA: add `candle-kernels` test for `where_cond` with u8 mask on non-contiguous inputs',
      b: 'Rust test in `candle-core/tests/tensor_tests.rs` gated on the `cuda` feature.',
      l: ['good first issue', 'cuda'],
      by: 'mask-tester',
      c: 400,
    },
  ],
  'lancedb/lance': [
    {
      n: 4120,
      t: 'Add Rust benchmark for `take` on fragmented datasets',
      b: 'Use `criterion` in `rust/lance/benches/`. Rust.',
      l: ['help wanted', 'rust', 'performance'],
      by: 'take-bench',
      c: 330,
      cm: [claim('vero-rs', 12)],
    },
  ],
  'wandb/wandb': [
    {
      n: 9720,
      t: '[Feature]: Rust `gpu_stats` binary should report AMD ROCm GPU power draw',
      b: 'The system monitor in `gpu_stats/src/` (Rust) supports NVIDIA via NVML. Add ROCm SMI support behind a feature flag.',
      l: ['help wanted', 'c:system-metrics', 'rust'],
      by: 'mi250-user',
      c: 360,
    },
  ],
  'onnx/onnx': [
    {
      n: 6650,
      t: 'Add pytest for `onnx.checker` error message on missing opset import',
      b: 'Ensure the message names the domain. Test in `onnx/test/checker_test.py`.',
      l: ['good first issue', 'contributions welcome', 'test'],
      by: 'checker-fan',
      c: 380,
    },
  ],
};
