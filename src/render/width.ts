// Terminal widths for text from GitHub (already sanitized): CJK and emoji take two columns, combining marks
// none, and an emoji sequence must never be cut in half. Shared by every table and text renderer.
import stringWidth from 'string-width';

// Almost every cell is printable ASCII: one column per character, no need for string-width's segmentation.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
// Built on first use: creating a Segmenter costs about 10 ms, and most tables are plain ASCII.
let graphemes: Intl.Segmenter | undefined;
const graphemeWidths = new Map<string, number>();

/** Display columns of sanitized text (no escape sequences). */
export function displayWidth(text: string): number {
  return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
}

function graphemeWidth(g: string): number {
  let w = graphemeWidths.get(g);
  if (w === undefined) {
    w = stringWidth(g);
    if (graphemeWidths.size < 10_000) graphemeWidths.set(g, w);
  }
  return w;
}

/** Cuts to at most `max` columns, whole graphemes only, ending in "…" when cut. */
export function truncateToWidth(text: string, max: number): string {
  if (max <= 0) return '';
  if (PRINTABLE_ASCII.test(text)) return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
  if (stringWidth(text) <= max) return text;
  // One pass over grapheme clusters (string-width's own unit, so the widths add up): linear in the text.
  let out = '';
  let width = 0;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const { segment } of graphemes.segment(text)) {
    const w = graphemeWidth(segment);
    if (width + w > max - 1) break;
    out += segment;
    width += w;
  }
  return `${out}…`;
}

/** Pads with spaces to `width` columns. */
export function padToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** "now", "5h", "3d", "2w", "4mo", "1y": how long ago, in the largest unit that reads well. */
export function formatAge(iso: string, now: Date): string {
  const ms = now.getTime() - Date.parse(iso);
  if (!Number.isFinite(ms)) return '?';
  const hours = Math.floor(ms / 3_600_000);
  if (hours < 1) return 'now';
  if (hours < 24) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 14) return `${days}d`;
  if (days < 60) return `${Math.floor(days / 7)}w`;
  if (days < 365) return `${Math.floor(days / 30)}mo`;
  return `${Math.floor(days / 365)}y`;
}

/** Breaks text into lines of at most `width` columns at spaces; a word longer than a line is cut, never split. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (displayWidth(candidate) <= width || line === '') {
      line = displayWidth(candidate) <= width ? candidate : truncateToWidth(word, width);
    } else {
      lines.push(line);
      line = displayWidth(word) <= width ? word : truncateToWidth(word, width);
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
