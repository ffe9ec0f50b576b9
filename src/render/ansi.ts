// The one ANSI palette every terminal renderer uses, and the rule for when colour is on.
import type { CliContext, OutputStream } from '../context.js';

export type Style = (s: string) => string;
export type Palette = Record<'bold' | 'dim' | 'green' | 'yellow' | 'red' | 'cyan', Style>;

const wrap =
  (open: number, close: number): Style =>
  (s) =>
    `\u001b[${open}m${s}\u001b[${close}m`;

const COLOURS: Palette = { bold: wrap(1, 22), dim: wrap(2, 22), green: wrap(32, 39), yellow: wrap(33, 39), red: wrap(31, 39), cyan: wrap(36, 39) };
const PLAIN: Palette = Object.fromEntries(Object.keys(COLOURS).map((k) => [k, (s: string) => s])) as Palette;

export function palette(color: boolean): Palette {
  return color ? COLOURS : PLAIN;
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(ctx: Pick<CliContext, 'env' | 'stdout'>, stream: OutputStream = ctx.stdout): boolean {
  const noColor = ctx.env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return false;
  if (ctx.env.FORCE_COLOR !== undefined && ctx.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}
