// What a command needs from the outside world, passed in so tests can build it with no process globals.

export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliContext {
  env: NodeJS.ProcessEnv;
  stdout: OutputStream;
  stderr: OutputStream;
  now: () => Date;
  cwd: string;
  /** Aborted on SIGINT; long operations pass it to fetch. */
  signal?: AbortSignal;
}

/** Options every command accepts (declared once on the root program). */
export interface GlobalOptions {
  apiUrl: string | undefined;
  token: string | undefined;
  debug: boolean;
  verbose: boolean;
  /** Request timeout in milliseconds. */
  timeoutMs: number;
}

export function processContext(signal?: AbortSignal): CliContext {
  return {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    now: () => new Date(),
    cwd: process.cwd(),
    ...(signal ? { signal } : {}),
  };
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(ctx: CliContext, stream: OutputStream = ctx.stdout): boolean {
  const noColor = ctx.env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return false;
  if (ctx.env.FORCE_COLOR !== undefined && ctx.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}
