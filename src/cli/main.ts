import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ExitCode, isOssScoutError } from '../errors.js';
import { redact } from '../redact.js';
import { processContext, type CliContext } from './context.js';
import { addGlobalOptions } from './global-options.js';
import { register as registerSearch } from './search.js';
import { register as registerRepos } from './repos.js';
import { register as registerProfile } from './profile.js';
import { register as registerClaim } from './claim.js';
import { register as registerUnclaim } from './unclaim.js';
import { register as registerNote } from './note.js';
import { register as registerList } from './list.js';
import { register as registerReport } from './report.js';
import { register as registerPaths } from './paths.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('oss-scout');
  program
    .description('Find untaken first-contribution issues in ML-infrastructure projects, ranked for your skills.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => void ctx.stdout.write(s),
      writeErr: (s) => void ctx.stderr.write(s),
    })
    .exitOverride();
  addGlobalOptions(program);
  program.addHelpText(
    'after',
    `
Examples:
  $ oss-scout search --snapshot snapshots/ml-infra.json --skills python,cuda
  $ GH_TOKEN=$(gh auth token) oss-scout search --skills cuda,c++ --limit 10
  $ oss-scout claim vllm-project/vllm#12345 --note "looks like a one-line fix"
  $ oss-scout list --refresh
  $ oss-scout report --format md --output week.md

Environment:
  GH_TOKEN, GITHUB_TOKEN   token for github.com
  GITHUB_API_URL           REST base URL (GitHub Enterprise: https://HOST/api/v3)
  OSS_SCOUT_HOME           keep config, state and cache under this one folder
  NO_COLOR                 disable colour`,
  );
  for (const register of [
    registerSearch,
    registerClaim,
    registerUnclaim,
    registerNote,
    registerList,
    registerReport,
    registerProfile,
    registerRepos,
    registerPaths,
  ]) {
    register(program, ctx);
  }
  // Subcommands inherit output and error handling so nothing ever calls process.exit behind our back.
  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput({
      writeOut: (s) => void ctx.stdout.write(s),
      writeErr: (s) => void ctx.stderr.write(s),
    });
    cmd.showHelpAfterError('(run with --help for usage)');
  }
  return program;
}

/** Secrets we know of at the boundary: whatever the user could have passed as a token. */
function knownSecrets(argv: string[], env: NodeJS.ProcessEnv): string[] {
  const secrets = [env.GH_TOKEN, env.GITHUB_TOKEN, env.GH_ENTERPRISE_TOKEN, env.GITHUB_ENTERPRISE_TOKEN];
  argv.forEach((a, i) => {
    if (a === '--token') secrets.push(argv[i + 1]);
    else if (a.startsWith('--token=')) secrets.push(a.slice('--token='.length));
  });
  return secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
}

/** Runs the CLI and returns the exit code. Never throws. */
export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const debug = argv.includes('--debug');
  const secrets = knownSecrets(argv, ctx.env);
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv);
    return ExitCode.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander has already printed its message (help and version exit with code 0).
      return e.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (isOssScoutError(e)) {
      const line = e.hint ? `${e.message} — ${e.hint}` : e.message;
      ctx.stderr.write(`oss-scout: ${redact(line, secrets)}\n`);
      if (debug && e.stack) ctx.stderr.write(`${redact(e.stack, secrets)}\n`);
      return e.exitCode;
    }
    const message = e instanceof Error ? e.message : String(e);
    ctx.stderr.write(`oss-scout: unexpected error: ${redact(message, secrets)} (run with --debug for details)\n`);
    if (debug && e instanceof Error && e.stack) ctx.stderr.write(`${redact(e.stack, secrets)}\n`);
    return ExitCode.internal;
  }
}

export function main(argv: string[]): void {
  // `oss-scout ... | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const controller = new AbortController();
  process.once('SIGINT', () => {
    controller.abort();
    process.stderr.write('\noss-scout: interrupted\n');
    // State writes are atomic (temp file + rename) and locks are released on exit, so stopping now is safe.
    process.exit(ExitCode.interrupted);
  });
  run(argv, processContext(controller.signal)).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = ExitCode.internal;
    },
  );
}
