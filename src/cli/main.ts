import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { OssScoutError, usageError } from '../errors.js';
import { ExitCode } from '../errors.js';
import { installProcessHandlers, knownSecrets, redacting, reportError } from './exit.js';
import type { CliContext } from '../context.js';
import { processContext } from './context.js';
import { dropEarly } from '../github/prefetch.js';
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

/** Where Commander's error came from, so the line can point at that command's --help. */
interface ErrorSite {
  command: Command | undefined;
}

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * Commander's "error: unknown option '--limt'\n(Did you mean --limit?)" as our one line. An unknown
 * option's value (`--tokn=<token>`) is never echoed.
 */
export function commanderErrorLine(message: string, cmd: Command | undefined): OssScoutError {
  const [first = '', ...rest] = message.trim().split('\n');
  let what = first.replace(/^error:\s*/, '').replace(/'(-[^'=\s]*)=[^']*'/g, "'$1=…'");
  const suggestion = rest.map((l) => l.trim()).find((l) => /^\(Did you mean/i.test(l));
  if (suggestion) what += ` (${suggestion.slice(1, -1).replace(/^Did/, 'did')})`;
  return new OssScoutError('usage', what, { hint: `see '${cmd ? commandPath(cmd) : 'oss-scout'} --help'` });
}

/** Each command's registration, by the name it registers. */
const COMMANDS: Readonly<Record<string, (program: Command, ctx: CliContext) => void>> = {
  search: registerSearch,
  claim: registerClaim,
  unclaim: registerUnclaim,
  note: registerNote,
  list: registerList,
  report: registerReport,
  profile: registerProfile,
  repos: registerRepos,
  paths: registerPaths,
};

/**
 * The program. `only`, a command name, builds that command alone (with the global options): what
 * `oss-scout search ...` parses, prints and suggests depends on nothing else, and building the other
 * commands costs a warm search a few ms.
 */
export function buildProgram(ctx: CliContext, site: ErrorSite = { command: undefined }, only?: string): Command {
  const program = new Command('oss-scout');
  // Commander's errors are printed by run() in our format; here we only note which command failed. Help
  // wraps to the terminal's width (80 off a terminal).
  const output = (cmd: Command) => ({
    writeOut: (s: string) => void ctx.stdout.write(s),
    writeErr: (s: string) => void ctx.stderr.write(s),
    getOutHelpWidth: () => (ctx.stdout.isTTY && ctx.stdout.columns ? ctx.stdout.columns : 80),
    getErrHelpWidth: () => (ctx.stderr.isTTY && ctx.stderr.columns ? ctx.stderr.columns : 80),
    outputError: () => {
      site.command = cmd;
    },
  });
  program
    .description('Find untaken first-contribution issues in ML-infrastructure projects, ranked for your skills.')
    .version(packageVersion(), '-V, --version')
    .configureOutput(output(program))
    .configureHelp({ showGlobalOptions: true })
    .exitOverride();
  addGlobalOptions(program);
  program.addHelpText(
    'after',
    `
Examples:
  $ oss-scout search --skills python,cuda      # live; with no network, the bundled sample (and it says so)
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
  const single = only !== undefined && Object.hasOwn(COMMANDS, only) ? COMMANDS[only] : undefined;
  for (const register of single ? [single] : Object.values(COMMANDS)) register(program, ctx);
  // Every command and subcommand: our output and error handling (nothing calls process.exit behind our
  // back), and help that lists the global options.
  const all = (cmds: readonly Command[]): Command[] => cmds.flatMap((c) => [c, ...all(c.commands)]);
  for (const cmd of all(program.commands)) {
    cmd.exitOverride().configureOutput(output(cmd)).configureHelp({ showGlobalOptions: true });
    // `oss-scout profile` alone is a request for help, as `oss-scout` alone is: stdout, exit 0.
    if (cmd.commands.length > 0) {
      cmd.allowExcessArguments(true).action((_opts: unknown, self: Command) => {
        const [first] = self.args;
        if (first !== undefined) {
          const names = self.commands.map((c) => c.name());
          throw usageError(`unknown command '${self.name()} ${first}'`, `use one of ${names.join(', ')}; see '${commandPath(self)} --help'`);
        }
        self.outputHelp();
      });
    }
  }
  return program;
}

/** Runs the CLI and returns the exit code. Never throws. */
export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const debug = argv.includes('--debug');
  const secrets = knownSecrets(argv, ctx.env);
  // Every line we print, Commander's own included, goes through the redaction.
  const out: CliContext = {
    env: ctx.env,
    stdout: redacting(ctx.stdout, secrets),
    stderr: redacting(ctx.stderr, secrets),
    now: ctx.now,
    cwd: ctx.cwd,
    get stdin() {
      return ctx.stdin;
    },
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  };
  const site: ErrorSite = { command: undefined };
  // The command named first (`oss-scout search ...`) is the one parsed; anything else (help, a global
  // option first, a typo to suggest for) gets every command.
  const program = buildProgram(out, site, argv[2]);
  try {
    await program.parseAsync(argv);
    return ExitCode.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version end with code 0 and have printed what was asked.
      if (e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return ExitCode.ok;
      return reportError(commanderErrorLine(e.message, site.command), out, { debug, secrets });
    }
    return reportError(e, out, { debug, secrets });
  }
}

export function main(argv: string[]): void {
  const signal = installProcessHandlers();
  run(argv, processContext(signal)).then(
    (code) => {
      process.exitCode = code;
      // A search's first requests may have been sent before it started (bin/oss-scout.js): any it did not
      // take are aborted, or the process would wait for their answers.
      dropEarly();
    },
    () => {
      process.exitCode = ExitCode.internal;
    },
  );
}
