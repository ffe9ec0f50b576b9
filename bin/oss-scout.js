#!/usr/bin/env node
// Fast paths first: `--version` and `--help` alone are answered without loading the CLI.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
// `oss-scout` alone is a request for help, as with gh: print it on stdout and succeed.
if (args.length === 0) args.push('--help');
if (args.length === 1 && process.env.OSS_SCOUT_NO_FAST_PATH !== '1') {
  if (args[0] === '--version' || args[0] === '-V') {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    process.stdout.write(`${pkg.version}\n`);
    process.exit(0);
  }
  if (args[0] === '--help' || args[0] === '-h') {
    let help;
    try {
      help = readFileSync(new URL('../dist/help.txt', import.meta.url), 'utf8');
    } catch {
      // Not built with the help file: fall through to the full CLI.
    }
    if (help !== undefined) {
      process.stdout.write(help);
      process.exit(0);
    }
  }
}
// `list`, `list --json`, `list --all`: read the state and print, without loading the command table.
const fastList =
  process.env.OSS_SCOUT_NO_FAST_PATH !== '1' &&
  args[0] === 'list' &&
  args.slice(1).every((a) => a === '--json' || a === '--all') &&
  new Set(args.slice(1)).size === args.length - 1;
if (fastList) {
  const { listFast } = await import('../dist/cli/list-fast.js');
  await listFast(args);
} else {
  const { main } = await import('../dist/cli/main.js');
  main([...process.argv.slice(0, 2), ...args]);
}
