// What a command needs from the outside world, passed in so tests can build it with no process globals.
// Outside src/cli/ so that src/search/ and src/report/ can take it without importing the CLI.

export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface InputStream extends NodeJS.ReadableStream {
  isTTY?: boolean;
}

export interface CliContext {
  env: NodeJS.ProcessEnv;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Where confirmation prompts read from; absent (tests, pipes) means nothing can be asked. */
  stdin?: InputStream | undefined;
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
