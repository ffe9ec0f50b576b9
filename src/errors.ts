// Typed errors. Commands throw these; src/cli/main.ts is the one place that maps them to exit codes.

export const ExitCode = {
  ok: 0,
  /** An unexpected internal error (a bug). */
  internal: 1,
  /** Bad flags, malformed input, an issue or repo that does not exist. */
  usage: 2,
  /** GitHub or the network failed and nothing useful came back. */
  upstream: 3,
  /** The token was refused. */
  auth: 4,
  /** A rate limit was hit and retrying now would not help. */
  rateLimited: 5,
  /** The state, config or cache file cannot be read or written safely. */
  state: 6,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const;

export type ErrorKind =
  | 'usage'
  | 'not-found'
  | 'upstream'
  | 'network'
  | 'timeout'
  | 'auth'
  | 'rate-limited'
  | 'state'
  | 'interrupted';

const exitCodeByKind: Record<ErrorKind, number> = {
  usage: ExitCode.usage,
  'not-found': ExitCode.usage,
  upstream: ExitCode.upstream,
  network: ExitCode.upstream,
  timeout: ExitCode.upstream,
  auth: ExitCode.auth,
  'rate-limited': ExitCode.rateLimited,
  state: ExitCode.state,
  interrupted: ExitCode.interrupted,
};

export class OssScoutError extends Error {
  readonly kind: ErrorKind;
  /** The next step for the user, printed on its own line after the message. */
  readonly hint: string | undefined;
  /** For rate limits: when the limit resets. */
  readonly resetAt: Date | undefined;

  constructor(kind: ErrorKind, message: string, options: { hint?: string; resetAt?: Date; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OssScoutError';
    this.kind = kind;
    this.hint = options.hint;
    this.resetAt = options.resetAt;
  }

  get exitCode(): number {
    return exitCodeByKind[this.kind];
  }
}

export function usageError(message: string, hint?: string): OssScoutError {
  return new OssScoutError('usage', message, hint === undefined ? {} : { hint });
}

export function isOssScoutError(e: unknown): e is OssScoutError {
  return e instanceof OssScoutError;
}
