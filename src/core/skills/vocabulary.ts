// The built-in skill vocabulary, as data. Adding a skill or a term is a one-line change here; the matcher
// (./matcher.ts) compiles whatever is listed.
//
// Term syntax (all matching is case-insensitive and on whole tokens, where a token is a run of letters
// of any script, digits and _ + #, so "c++", "sm_89" and "__global__" are single tokens):
//   "cuda"            one token; a plural "s" on the issue side is tolerated ("kernels" matches "kernel")
//   "kernel launch"   a phrase of any length; up to three separators (spaces, hyphens, dots, slashes) may
//                     stand between its words, so "flash-attention" and "flash attention" are one term,
//                     but "flash_attn" (one token) is another
//   "sm_*"            a token prefix
//   "*_kernel"        a token suffix (identifiers named for what they are: "rms_norm_kernel")
// terms:      the skill's own words (weight 0.8 of a word the user typed)
// related:    neighbours that often, not always, mean the skill (0.45): "ui" for frontend, "fuse" for CUDA
// files:      file extensions (".cu") or file names ("dockerfile") seen in paths in the issue
// labelTerms: terms that only count inside a label, because in prose they are too common ("model")
// exclude:    two-token phrases whose second token is a term but that mean something else ("linux kernel")
// languages:  GitHub language names that count as (weak) repo evidence

export interface SkillDefinition {
  name: string;
  description: string;
  /** Other names a user may type for this skill. Names only: evidence comes from terms. */
  aliases: readonly string[];
  terms: readonly string[];
  /** Neighbours: terms that often, not always, mean this skill ("ui" for frontend). They count less. */
  related?: readonly string[];
  files?: readonly string[];
  labelTerms?: readonly string[];
  exclude?: readonly string[];
  languages?: readonly string[];
  /**
   * Terms (listed in `terms` too) that in bodies, code and paths mostly name a step of some other work
   * ("add tests in tests/...", "update the docs"): there they count as neighbours, in titles and labels
   * as terms.
   */
  steps?: readonly string[];
  /**
   * A kind of work many issues are about and few people look for (builds and packaging, Windows, docs,
   * memory trouble): unless the profile asks for it, an issue whose title or labels name it ranks lower.
   */
  offSubject?: boolean;
}

export const VOCABULARY: readonly SkillDefinition[] = [
  {
    name: 'cuda',
    description: 'CUDA kernels and NVIDIA GPU code',
    aliases: ['cu', 'nvidia', 'gpu-kernels'],
    terms: ['cuda', 'nvcc', 'cutlass', 'cub', 'cudnn', 'cublas', 'cublaslt', 'nccl kernel', '__global__', '__device__', '__shared__',
      'kernel', 'kernel launch', 'sm_*', 'ptx', 'warp', 'shared memory', 'tensor core', 'tensor cores', 'hopper', 'ampere', 'wgmma', 'cuda graph', 'cuda graphs', 'marlin',
      'csrc', 'jit emitter', 'fused kernel', 'fused kernels', 'launch check', 'illegal memory access', 'cuda kernel', 'gpu kernel', 'attention kernel',
      '*_kernel', '*_kernels'],
    // Kernel work as real issues phrase it without saying CUDA: fusing, vectorising, tiling, dtype coverage of ops.
    related: ['fuse', 'fused', 'fusing', 'fusion', 'vectorize', 'vectorized', 'vectorization', 'intrinsics', 'intrinsic', 'tile size', 'tile sizes', 'tiling', 'gemm',
      'matmul', 'flash attention', 'flashattention', 'flash_attn', 'flashattention2', 'flash attention 2', 'sdpa', 'scaled_dot_product_attention', 'xformers',
      'mps', 'metal', 'rocm', 'hip', 'triton', 'avx', 'avx2', 'avx512', 'simd', 'neon', 'bfloat16', 'bf16', 'fp16', 'float16', 'half', 'fp8', 'int8', 'op coverage',
      'gpu', 'gpus', 'nvidia gpu', 'a100', 'h100', 'v100', 'turing', 'volta', 'blackwell', 'sm7*', 'sm8*', 'sm9*', 'sm10*', 'sm12*', 'occupancy', 'register', 'registers', 'cuda_*', 'kernels'],
    files: ['.cu', '.cuh'],
    exclude: ['linux kernel', 'jupyter kernel', 'ipython kernel', 'cpu kernel', 'metal kernel', 'vulkan kernel'],
    languages: ['Cuda'],
  },
  {
    name: 'c++',
    description: 'C and C++ code, CMake, Python extensions',
    aliases: ['cpp', 'cxx', 'c', 'c/c++'],
    terms: ['c++', 'cpp', 'cxx', 'cmake', 'cmakelists', 'pybind', 'pybind11', 'nanobind', 'libtorch', 'gtest', 'header file', 'c++17', 'c++20', 'segfault', 'template'],
    related: ['aten', 'std', 'csrc', 'native_functions', 'linker', 'compile error', 'undefined reference', 'abi'],
    files: ['.cc', '.cpp', '.cxx', '.h', '.hpp', '.cuh', '.c'],
    languages: ['C++', 'C'],
  },
  {
    name: 'rust',
    description: 'Rust crates and bindings',
    aliases: ['rs', 'rustlang'],
    terms: ['rust', 'cargo', 'crate', 'crates', 'rustc', 'clippy', 'pyo3', 'maturin', 'napi', 'tokio', 'serde', 'borrow checker', 'criterion', 'axum'],
    files: ['.rs'],
    languages: ['Rust'],
  },
  {
    name: 'docs',
    description: 'Documentation, docstrings, tutorials, typos',
    aliases: ['documentation', 'doc', 'technical-writing'],
    terms: ['docs', 'documentation', 'document', 'documented', 'undocumented', 'docstring', 'docstrings', 'tutorial', 'tutorials', 'typo', 'typos', 'readme',
      'broken link', 'user guide', 'sphinx', 'mkdocs', 'api reference', 'docs page', 'notebook'],
    files: ['.md', '.rst', '.mdx'],
    offSubject: true,
  },
  {
    name: 'testing',
    description: 'Unit, integration and end-to-end tests, flaky tests, coverage',
    aliases: ['tests', 'test', 'pytest', 'unit-tests', 'unittest', 'qa'],
    terms: ['pytest', 'unit test', 'unit tests', 'unittest', 'test', 'tests', 'testing', 'e2e', 'flaky', 'fixture', 'fixtures', 'gtest', 'jest', 'vitest',
      'integration test', 'integration tests', 'lit test', 'lit tests', 'filecheck', 'opinfo', 'parametrize', 'parametrized', 'test case', 'test cases', 'test_*', 'ci test',
      'doctest', 'doctests', 'doc test', 'doc tests', 'test coverage', 'add tests', 'missing tests'],
    related: ['coverage', 'assert', 'asserts', 'assert_close', 'regression test', 'sample_inputs', 'repro'],
    steps: ['test', 'tests', 'test_*', 'add tests'],
    exclude: ['op coverage'],
  },
  {
    name: 'typescript',
    description: 'TypeScript',
    aliases: ['ts'],
    terms: ['typescript', 'tsx', 'tsc', 'type definitions', 'd ts', 'javascript', 'js', 'node js', 'nodejs', 'npm'],
    related: ['bindings', 'sdk', 'web', 'frontend', 'react', 'browser', 'wasm', 'webgpu'],
    files: ['.ts', '.tsx', '.mts', '.cts'],
    languages: ['TypeScript'],
  },
  {
    name: 'javascript',
    description: 'JavaScript and Node.js',
    aliases: ['js', 'node', 'nodejs', 'node.js', 'ecmascript'],
    terms: ['javascript', 'js', 'node js', 'nodejs', 'npm', 'yarn', 'pnpm', 'jest', 'node bindings', 'node api', 'node js api', 'js api', 'bindings for node', 'webpack', 'vite',
      'esm', 'napi', 'napi rs', 'wasm', 'webassembly', 'typescript', 'ts', 'browser', 'webgpu', 'webgl', 'deno', 'bun'],
    related: ['bindings', 'binding', 'sdk', 'web', 'frontend', 'react', 'package json', 'emscripten'],
    exclude: ['multi node', 'worker node', 'head node'],
    files: ['.js', '.mjs', '.cjs', '.jsx'],
    languages: ['JavaScript'],
  },
  {
    name: 'frontend',
    description: 'Web UIs: React, Svelte, CSS, accessibility, dashboards',
    aliases: ['ui', 'web-ui', 'webui', 'ux', 'web', 'react', 'svelte'],
    terms: ['frontend', 'front end', 'webui', 'web ui', 'dashboard', 'css', 'react', 'svelte', 'vue', 'dark mode', 'tailwind', 'nextjs', 'next js',
      'accessibility', 'a11y', 'tooltip', 'sidebar', 'keyboard shortcut', 'keyboard navigation', 'katex', 'localstorage', 'web page', 'webpage', 'typescript', 'javascript'],
    related: ['ui', 'ux', 'uiux', 'button', 'browser', 'safari', 'chrome', 'firefox', 'aria', 'i18n', 'modal', 'dropdown', 'theme', 'page', 'render', 'web', 'npm',
      'node js', 'nodejs', 'wasm', 'webassembly', 'webgpu', 'webgl', 'js'],
    files: ['.svelte', '.vue', '.css', '.scss', '.jsx', '.tsx', '.html'],
    languages: ['Svelte', 'Vue', 'CSS', 'HTML', 'SCSS'],
  },
  {
    name: 'kubernetes',
    description: 'Kubernetes, Helm charts, operators and controllers',
    aliases: ['k8s', 'helm', 'operator', 'kubectl', 'kuberay', 'openshift'],
    terms: ['kubernetes', 'k8s', 'helm', 'helm chart', 'kubectl', 'kuberay', 'crd', 'crds', 'kubernetes operator', 'pod', 'pods', 'pod spec', 'ingress', 'nodeselector',
      'node selector', 'node selectors', 'node pool', 'readiness probe', 'liveness probe', 'kustomize', 'knative', 'kserve', 'kubeflow', 'manifest', 'manifests',
      'pytorchjob', 'rayjob', 'rayservice', 'raycluster', 'inferenceservice', 'topologyspreadconstraints', 'pod security', 'helm-chart', 'argo', 'operator chart', 'kind cluster'],
    related: ['controller', 'deployment', 'operator', 'cluster', 'docker', 'chart', 'namespace'],
    exclude: ['game controller', 'tpu pod', 'tpu pods'],
  },
  {
    name: 'distributed',
    description: 'Distributed training and inference: NCCL, DDP, FSDP, tensor/pipeline parallelism',
    aliases: ['ddp', 'nccl', 'fsdp', 'multi-node', 'multi-gpu', 'parallelism', 'distributed-training'],
    terms: ['distributed', 'ddp', 'fsdp', 'fsdp2', 'nccl', 'nccl_*', 'gloo', 'mpi', 'all reduce', 'allreduce', 'all_reduce', 'all gather', 'all_gather', 'all_gather_object',
      'all_to_all', 'all_to_all_single', 'alltoall', 'tensor parallel', 'tensor parallelism', 'tensor-parallel-size', 'pipeline parallel', 'pipeline parallelism',
      'expert parallelism', 'context parallel', 'data parallel', 'data parallelism', 'multi node', 'multinode', 'multi gpu', 'collective', 'collectives', 'c10d',
      'rendezvous', 'torchrun', 'zero 3', 'zero3', 'deepspeed', 'megatron', 'horovod', 'slurm', 'process group', 'processgroupnccl', 'shard_map', 'sharding',
      'ppermute', 'ring attention', 'cp_comm_type', 'ep_size', 'world size', 'rank 0', 'ranks', 'num_machines', 'expert parallel', 'tensor parallelism', 'sequence parallel',
      'pipeline parallelism', 'dtensor', 'device mesh', 'devicemesh', 'checkpoint sharding', 'sharded checkpoint', 'distributed checkpoint', 'dcp', 'all to all', 'pdsh',
      'multi node', 'multi-node', 'zero stage', 'launcher', 'ddp_spawn'],
    related: ['tp', 'pp', 'parallel', 'parallelism', 'shard', 'sharded', 'nodes', 'gpus', 'accelerate', 'process', 'backend', 'communication', 'comm', 'nvlink', 'infiniband', 'ray'],
  },
  {
    name: 'quantization',
    description: 'Quantization: int8/int4/fp8, AWQ, GPTQ, bitsandbytes, GGUF',
    aliases: ['quant', 'int8', 'int4', 'fp8', 'low-precision'],
    terms: ['quantization', 'quantize', 'quantized', 'quant', 'int8', 'int4', 'fp8', 'fp4', 'nvfp4', 'e4m3', 'awq', 'gptq', 'bitsandbytes', 'bnb', 'marlin', 'gguf',
      'q4_*', 'q8_*', 'q5_*', '4 bit', '8 bit', 'load_in_4bit', 'qlora', 'dequant', 'dequantize', 'dequantization', 'w8a8', 'w4a16', 'smoothquant', 'nf4', 'rowwise', 'gatherblockquantized'],
  },
  {
    name: 'model-support',
    description: 'Adding or fixing support for a model architecture',
    aliases: ['new-model', 'models', 'model-porting', 'model'],
    terms: ['new model', 'model support', 'add model', 'model implementation', 'model registry', 'modeling_*', 'modular_*', 'architecture', 'architectures', 'convert_hf_to_gguf',
      'from_pretrained', 'checkpoint conversion', 'model card', 'new architecture', 'new architectures', 'weights', 'safetensors', 'model port',
      'port', 'porting', 'configuration_*', 'model architecture', 'image processor', 'image processors', 'processor', 'model loading', 'load the model', 'weight loading',
      'conversion script', 'onnxconfig', 'device_map', 'gguf', 'flash attention 2', 'flashattention2', 'sdpa'],
    // Model families: "Support <model>" and "[New Model]: add <model>" are how model work is titled.
    related: ['support', 'supported', 'support for', 'add support', 'llama', 'llama2', 'llama3', 'mistral', 'mixtral', 'qwen', 'qwen2', 'qwen3', 'gemma', 'gemma2', 'gemma3', 'deepseek', 'phi', 'phi3', 'bert',
      'roberta', 'gpt2', 'gpt', 'gpt oss', 't5', 'bart', 'vit', 'clip', 'llava', 'internvl', 'internlm', 'glm', 'falcon', 'mamba', 'moe', 'olmo', 'starcoder', 'blip',
      'whisper', 'siglip', 'paligemma', 'idefics', 'yolo', 'sam', 'swin', 'deberta', 'electra', 'longformer', 'wav2vec2', 'jina', 'reranker', 'embedding model',
      'checkpoint', 'checkpoints', 'huggingface', 'hf hub', 'hub', 'tokenizer', 'config json', 'pretrained', 'onnx export', 'convert', 'conversion', 'pipeline'],
    labelTerms: ['model', 'models', 'new model', 'new-model'],
  },
  {
    name: 'huggingface',
    description: 'The Hugging Face stack: Transformers, Diffusers, the Hub, Tokenizers, PEFT',
    aliases: ['hf', 'transformers', 'hugging-face', 'diffusers', 'hf-transformers'],
    terms: ['huggingface', 'hugging face', 'transformers', 'diffusers', 'hf hub', 'hugging face hub', 'from_pretrained', 'model hub', 'safetensors', 'modeling_*',
      'configuration_*', 'modular_*', 'automodel', 'pretrainedmodel', 'new model', 'model support', 'architecture', 'architectures'],
    related: ['peft', 'accelerate', 'tokenizers', 'datasets', 'trainer', 'pipeline', 'hub', 'checkpoint', 'weights', 'tokenizer', 'processor', 'image processor',
      'device_map', 'gguf', 'onnxconfig', 'llama', 'mistral', 'qwen', 'gemma', 'bert', 't5', 'llava', 'whisper', 'model', 'models', 'port', 'support', 'support for', 'add support'],
  },
  {
    name: 'pytorch',
    description: 'PyTorch: modules, ops, models written in torch',
    aliases: ['torch', 'pt'],
    terms: ['pytorch', 'torch', 'nn module', 'torch nn', 'autograd', 'state_dict', 'torchvision', 'torchaudio', 'from_pretrained', 'new model', 'model support',
      'model implementation', 'architecture', 'weights', 'checkpoint', 'port'],
    related: ['aten', 'tensor', 'dtype', 'module', 'modules', 'model', 'models', 'layer', 'layers', 'forward', 'llama', 'mistral', 'qwen', 'gemma', 'bert', 'llava',
      'huggingface', 'transformers', 'device_map', 'safetensors', 'gguf', 'support', 'support for', 'add support'],
  },
  {
    name: 'benchmarks',
    description: 'Benchmarks and performance measurement',
    aliases: ['benchmark', 'bench', 'benchmarking'],
    terms: ['benchmark', 'benchmarks', 'benchmarking', 'bench', 'benches', 'criterion', 'cargo bench', 'mlperf', 'microbenchmark', 'perf numbers'],
  },
  {
    name: 'ci-build',
    description: 'CI, build systems, wheels and packaging',
    aliases: ['ci', 'build', 'packaging', 'build-system', 'ci/cd'],
    terms: ['ci', 'github actions', 'github action', 'workflow', 'workflows', 'packaging', 'wheel', 'wheels', 'pyproject', 'setup py', 'manylinux', 'bazel',
      'build system', 'conda', 'pypi', 'release', 'releases', 'runner', 'runners', 'buildkite', 'ci job', 'ci jobs', 'ci failure', 'prebuilt', 'docker build', 'docker image',
      'dockerfile', 'helm chart', 'precommit', 'pre commit'],
    related: ['build', 'builds', 'cmake', 'install', 'installer', 'installation', 'pip install', 'docker', 'container', 'kubernetes', 'helm', 'deploy', 'deployment'],
    offSubject: true,
  },
  {
    name: 'triton',
    description: 'Triton (the GPU kernel language) and Inductor-generated kernels',
    aliases: ['openai-triton', 'triton-lang'],
    terms: ['triton', 'triton kernel', 'triton kernels', 'tl dot', 'tl load', 'triton jit', 'autotune', 'autotuner', 'num_warps', 'block_size'],
    related: ['kernel', 'kernels', 'fused', 'fuse', 'gpu'],
  },
  {
    name: 'python',
    description: 'Python',
    aliases: ['py', 'python3'],
    terms: ['python', 'python3', 'asyncio', 'type hints', 'type hint', 'type annotations', 'pydantic', 'dataclass', 'mypy', 'pyright', 'py typed', 'typecheck',
      'type check', 'type checking', 'stub file', 'stub files', 'docstring', 'docstrings', 'error message', 'deprecation', 'deprecationwarning', 'refactor', 'lint', 'ruff', 'flake8', 'pylint'],
    related: ['pip', 'pypi', 'numpy', 'typeerror', 'valueerror', 'deprecated', 'warning', 'annotations', 'pre commit', 'cleanup', 'clean up'],
    files: ['.py', '.pyi'],
    languages: ['Python', 'Jupyter Notebook'],
  },
  {
    name: 'typing',
    description: 'Python type hints, stubs and type checkers',
    aliases: ['type-hints', 'types', 'mypy', 'pyright', 'type-annotations'],
    terms: ['typing', 'type hints', 'type hint', 'type annotations', 'type annotation', 'mypy', 'pyright', 'py typed', 'typecheck', 'typechecking', 'type check',
      'type checking', 'type checker', 'stub file', 'stub files', 'pyi', 'typeddict', 'return type', 'return types'],
    related: ['annotate', 'annotations', 'optional', 'typevar', 'protocol', 'generic', 'docstring', 'docstrings'],
    files: ['.pyi'],
  },
  {
    name: 'go',
    description: 'Go',
    aliases: ['golang'],
    terms: ['golang', 'goroutine', 'goroutines', 'go test', 'go module', 'table driven', 'table-driven'],
    files: ['.go'],
    languages: ['Go'],
  },
  {
    name: 'java',
    description: 'Java, Kotlin and Scala',
    aliases: ['jvm', 'kotlin', 'scala'],
    terms: ['java', 'jvm', 'maven', 'gradle', 'kotlin', 'scala', 'jni'],
    files: ['.java', '.kt', '.scala'],
    languages: ['Java', 'Kotlin', 'Scala'],
  },
  {
    name: 'rocm',
    description: 'AMD GPUs: ROCm, HIP',
    aliases: ['amd', 'hip'],
    terms: ['rocm', 'hip', 'hipify', 'hipified', 'amd', 'amdgpu', 'mi300', 'mi300x', 'mi250', 'rccl', 'composable_kernel', 'gfx*'],
    files: ['.hip'],
  },
  {
    name: 'metal',
    description: 'Apple GPUs: Metal, MPS, MLX',
    aliases: ['apple', 'mps', 'apple-silicon', 'mlx'],
    terms: ['metal', 'mps', 'apple silicon', 'm1', 'm2', 'm3', 'm4', 'coreml', 'mlx', 'macos'],
    files: ['.metal'],
    languages: ['Metal'],
  },
  {
    name: 'cpu',
    description: 'CPU kernels: x86, ARM, SIMD',
    aliases: ['x86', 'arm', 'simd', 'avx'],
    terms: ['cpu', 'x86', 'avx', 'avx2', 'avx512', 'neon', 'arm64', 'aarch64', 'simd', 'vectorize', 'vectorized', 'vectorization', 'sve', 'onednn', 'mkl', 'openmp'],
  },
  {
    name: 'tpu-xla',
    description: 'TPUs and the XLA compiler',
    aliases: ['tpu', 'xla', 'jax'],
    terms: ['tpu', 'tpus', 'tpu pod', 'tpu pods', 'xla', 'pjrt', 'torch_xla', 'stablehlo', 'hlo', 'jax'],
  },
  {
    name: 'onnx',
    description: 'ONNX export and ONNX Runtime',
    aliases: ['onnxruntime', 'ort'],
    terms: ['onnx', 'onnxruntime', 'onnx export', 'opset', 'execution provider'],
    files: ['.onnx'],
  },
  {
    name: 'compiler',
    description: 'ML compilers: MLIR, LLVM, TVM, torch.compile',
    aliases: ['mlir', 'llvm', 'compilers', 'torch-compile'],
    terms: ['compiler', 'compilers', 'mlir', 'llvm', 'lowering', 'lower', 'codegen', 'tvm', 'relax', 'torch compile', 'inductor', 'dynamo', 'filecheck', 'verifier', 'ir',
      'graph break', 'graph breaks', 'fx', 'torch fx', 'symbolic tracing', 'torch export', 'executorch', 'decomposition', 'decompositions', 'opset', 'xla', 'hlo', 'stablehlo',
      'iree', 'dialect', 'mlir dialect', 'pass', 'passes', 'fusion pass', 'aten ir', 'core aten', 'torchscript', 'jit', 'aot', 'aot autograd', 'onnx', 'tracing', 'traced'],
    related: ['op conversion', 'operator', 'operators', 'frontend', 'export', 'exported', 'graph', 'aten', 'conversion', 'convert', 'backend', 'fusion', 'triton', 'pattern'],
    files: ['.mlir', '.td', '.ll'],
    languages: ['MLIR', 'LLVM'],
  },
  {
    name: 'attention',
    description: 'Attention kernels and the KV cache',
    aliases: ['attention-kernels', 'flash-attention', 'flashattention'],
    terms: ['attention', 'flash attention', 'flashattention', 'flash_attn', 'paged attention', 'pagedattention', 'head dim', 'head_dim', 'kv cache', 'prefill', 'sdpa',
      'rope', 'softmax', 'mla', 'flashinfer'],
  },
  {
    name: 'serving',
    description: 'Inference servers, HTTP APIs, routers, autoscaling',
    aliases: ['api', 'inference-server', 'serve', 'server'],
    terms: ['serving', 'serve', 'server', 'endpoint', 'api server', 'fastapi', 'grpc', 'http', 'rest api', 'router', 'load balancer', 'autoscaling', 'health check', 'request queue'],
  },
  {
    name: 'openai-api',
    description: 'The OpenAI-compatible API surface',
    aliases: ['openai', 'openai-compatible'],
    terms: ['openai', 'chat completions', 'completions', 'response_format', 'tool calling', 'function calling', 'stream_options', 'openai compatible'],
  },
  {
    name: 'multimodal',
    description: 'Vision-language and other multimodal models',
    aliases: ['vision', 'vlm', 'image', 'multi-modal'],
    terms: ['multimodal', 'multi modal', 'vision', 'vlm', 'image', 'images', 'video', 'vision language', 'llava', 'clip', 'siglip', 'pixel_values', 'imageeditor'],
  },
  {
    name: 'audio',
    description: 'Speech and audio models',
    aliases: ['speech', 'asr', 'tts'],
    terms: ['audio', 'speech', 'asr', 'tts', 'whisper', 'speech recognition', 'text to speech', 'wav', 'sample rate', 'librosa'],
  },
  {
    name: 'tokenizer',
    description: 'Tokenizers: BPE, SentencePiece, chat templates',
    aliases: ['tokenizers', 'tokenization'],
    terms: ['tokenizer', 'tokenizers', 'tokenization', 'tokenize', 'bpe', 'wordpiece', 'sentencepiece', 'unigram', 'pre tokenizer', 'pre_tokenizers', 'chat template', 'tiktoken', 'vocab', 'merges'],
  },
  {
    name: 'rl',
    description: 'Reinforcement learning and RLHF',
    aliases: ['rlhf', 'reinforcement-learning', 'grpo', 'ppo', 'dpo'],
    terms: ['rlhf', 'reinforcement learning', 'grpo', 'grpotrainer', 'ppo', 'dpo', 'reward model', 'rollout', 'rollouts', 'kl coefficient'],
  },
  {
    name: 'lora',
    description: 'LoRA, PEFT and adapter fine-tuning',
    aliases: ['peft', 'qlora', 'adapters', 'fine-tuning'],
    terms: ['lora', 'qlora', 'peft', 'adapter', 'adapters', 'fine tuning', 'finetuning', 'finetune', 'low rank'],
  },
  {
    name: 'data-loading',
    description: 'Datasets and data loading pipelines',
    aliases: ['data', 'dataloader', 'datasets'],
    terms: ['dataloader', 'data loader', 'data loading', 'dataset', 'datasets', 'streaming', 'parquet', 'arrow', 'webdataset', 'shuffle', 'iterabledataset', 'read_parquet'],
  },
  {
    name: 'observability',
    description: 'Logging, metrics and tracing',
    aliases: ['logging', 'metrics', 'monitoring', 'tracing'],
    terms: ['logging', 'logger', 'metrics', 'metric', 'prometheus', 'grafana', 'opentelemetry', 'tracing', 'wandb', 'tensorboard', 'monitoring', 'gauge', 'observability'],
  },
  {
    name: 'security',
    description: 'Security fixes: CVEs, path traversal, secrets, sandboxing',
    aliases: ['sec', 'cve', 'vulnerability', 'appsec'],
    terms: ['security', 'cve', 'vulnerability', 'vulnerabilities', 'path traversal', 'xss', 'csrf', 'ssrf', 'api key', 'secret', 'secrets', 'sandbox', 'non root', 'runasnonroot', 'leaks'],
  },
  {
    name: 'windows',
    description: 'Windows support',
    aliases: ['win', 'msvc', 'win32'],
    terms: ['windows', 'win32', 'msvc', 'powershell', 'wsl', 'visual studio'],
    files: ['.ps1', '.bat', '.exe'],
    offSubject: true,
  },
  {
    name: 'docker',
    description: 'Docker images and containers',
    aliases: ['container', 'containers', 'dockerfile', 'podman'],
    terms: ['docker', 'dockerfile', 'container', 'containers', 'docker compose', 'docker-compose', 'base image', 'distroless', 'podman', 'multi stage build', 'multi-stage build',
      'docker image', 'docker images', 'container image'],
    // Not "image" alone: in ML trackers it is a picture far more often than a container image.
    related: ['registry', 'kubernetes', 'helm', 'deploy', 'deployment'],
    files: ['dockerfile', '.dockerfile'],
    languages: ['Dockerfile'],
  },
  {
    name: 'gpu-memory',
    description: 'GPU memory: OOMs, leaks, offloading, checkpointing',
    aliases: ['oom', 'memory'],
    terms: ['oom', 'out of memory', 'memory usage', 'memory leak', 'peak memory', 'activation checkpointing', 'gradient checkpointing', 'offload', 'offloading',
      'memory_summary', 'reserved memory', 'outofmemoryerror'],
    offSubject: true,
  },
  {
    name: 'performance',
    description: 'Speed-ups and profiling',
    aliases: ['perf', 'speed', 'optimization'],
    terms: ['performance', 'perf', 'speed', 'speedup', 'slow', 'slower', 'faster', 'optimize', 'optimization', 'latency', 'throughput', 'hot path', 'profiler', 'profiling', 'vectorize'],
  },
  {
    name: 'cli',
    description: 'Command-line tools and flags',
    aliases: ['command-line', 'flags'],
    terms: ['cli', 'command line', 'argparse', 'click', 'typer', 'flag', 'flags', 'option', 'clap'],
  },
];

function normalizeName(name: string): string {
  return name.trim().toLowerCase();
}

/** The built-in skill a user-typed name refers to (by name or alias), if any. */
export function findSkill(name: string, vocabulary: readonly SkillDefinition[] = VOCABULARY): SkillDefinition | undefined {
  const n = normalizeName(name);
  return vocabulary.find((s) => s.name === n) ?? vocabulary.find((s) => s.aliases.includes(n));
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j] as number;
      prev[j] = Math.min(above + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = above;
    }
  }
  return prev[b.length] as number;
}

/** Up to three vocabulary names close to an unknown name, for "did you mean" hints. */
export function suggestSkills(name: string, vocabulary: readonly SkillDefinition[] = VOCABULARY): string[] {
  const n = normalizeName(name);
  const scored: { name: string; d: number }[] = [];
  for (const s of vocabulary) {
    let best = Infinity;
    for (const candidate of [s.name, ...s.aliases]) {
      let d = editDistance(n, candidate);
      if (n.length >= 3 && candidate.length >= 3 && (candidate.startsWith(n) || n.startsWith(candidate))) d = Math.min(d, 1);
      best = Math.min(best, d);
    }
    if (best <= Math.max(1, Math.floor(n.length / 3))) scored.push({ name: s.name, d: best });
  }
  return scored.sort((a, b) => a.d - b.d || a.name.localeCompare(b.name)).slice(0, 3).map((s) => s.name);
}
