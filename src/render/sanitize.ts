// Everything GitHub sends is attacker-controlled text. Terminal output goes through sanitizeTerminal;
// Markdown output through escapeMarkdown / escapeMarkdownCell, which sanitize first and then add their own
// word joiners (around "@"). JSON output is never altered.

// CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST, includes OSC 8 hyperlinks and title setting),
// DCS/SOS/PM/APC strings (ESC P/X/^/_ ... ST), and other two-byte escapes.
const ESCAPE_SEQUENCES =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[PX^_][^\u001b\u009c]*(?:\u001b\\|\u009c)?|\u009b[0-?]*[ -/]*[@-~]|\u009d[^\u0007\u009c]*(?:\u0007|\u009c)?|\u001b[@-Z\\-_]?/g;
// C0 controls except tab and newline, DEL, C1 controls.
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Bidirectional overrides, isolates and marks (Trojan Source).
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
// Invisible characters that hide text and shift columns: zero-width space and non-joiner, word joiner, BOM
// (zero-width no-break space), and the line and paragraph separators some terminals break lines at. A
// zero-width joiner goes too, except between two pictographs, where it builds one emoji (👩‍👧).
const INVISIBLE = /[\u200b\u200c\u2060\ufeff\u2028\u2029]|(?<!\p{Extended_Pictographic}\ufe0f?)\u200d|\u200d(?!\p{Extended_Pictographic})/gu;

/** Strips escape sequences, control characters, bidi overrides and invisible characters. Keeps newlines and tabs. */
export function sanitizeTerminal(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, '').replace(CONTROL_CHARS, '').replace(BIDI, '').replace(INVISIBLE, '');
}

/** For one-line cells: also folds newlines and tabs to spaces. */
export function sanitizeLine(text: string): string {
  return sanitizeTerminal(text).replace(/[\r\n\t]+/g, ' ').trim();
}

/** Escapes Markdown syntax so GitHub text renders as literal text, never as links, HTML or code. */
export function escapeMarkdown(text: string): string {
  return sanitizeLine(text)
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([`*_{}[\]()#+\-!|~])/g, '\\$1')
    // Bare URLs are autolinked by GitHub; break the scheme so issue text cannot create links.
    .replace(/\b(https?|ftp|mailto):/gi, '$1&#58;')
    .replace(/\bwww\./gi, 'www&#46;')
    // "a@b.example" is autolinked as mailto: and "@login" notifies that user when pasted into GitHub;
    // an invisible word joiner on both sides of "@" stops both (escapes and entities do not).
    .replace(/@/g, '\u2060@\u2060');
}

/** Same as escapeMarkdown; named for table cells, where a pipe would split the row. */
export const escapeMarkdownCell = escapeMarkdown;
