// src/io/write-atomic.ts's file mode: exactly the one asked for, whatever the umask, with the chmod made
// only when the umask changed it.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/io/write-atomic.js';
import { tempHome } from './helpers/cli.js';

const posix = process.platform !== 'win32';
let restore: number | undefined;
afterEach(() => {
  if (restore !== undefined) process.umask(restore);
  restore = undefined;
});

describe.skipIf(!posix)('writeFileAtomic and the file mode', () => {
  it('0600 under the usual umask (022) and under one that takes the owner\'s write bit (277)', async () => {
    for (const mask of [0o022, 0o277]) {
      restore ??= process.umask(mask);
      process.umask(mask);
      const file = path.join(tempHome(), `f-${mask.toString(8)}.json`);
      await writeFileAtomic(file, '{"a":1}\n', { mode: 0o600 });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n');
    }
  });

  it('with no mode, the usual 0666 less the umask', async () => {
    restore = process.umask(0o027);
    const file = path.join(tempHome(), 'report.md');
    await writeFileAtomic(file, 'x');
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });
});
