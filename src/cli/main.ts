import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ExitCode } from '../errors.js';
import { installProcessHandlers, knownSecrets, reportError } from './exit.js';
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
    return reportError(e, ctx, { debug, secrets });
  }
}

export function main(argv: string[]): void {
  const signal = installProcessHandlers();
  run(argv, processContext(signal)).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = ExitCode.internal;
    },
  );
}
