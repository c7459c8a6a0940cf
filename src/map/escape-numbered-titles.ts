/**
 * A numbered title underlined as a heading (`2. Processes` over `-----`) is a heading to the
 * person who wrote it, but CommonMark reads it as a one-item list followed by a rule. Escaping the
 * number's dot (`2\. Processes`) keeps the text and makes the underline a setext heading again.
 */

const NUMBERED = /^( {0,3})(\d{1,9})([.)])(\s+\S.*)$/;
const UNDERLINE = /^ {0,3}(=+|-{2,})\s*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The text with every underlined numbered title made a heading; lines and line count unchanged. */
export function escapeNumberedTitles(text: string): string {
  const lines = text.split('\n');
  let fence: string | null = null;
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i] ?? '';
    const open = FENCE.exec(line)?.[1];
    if (open && (fence === null || open.startsWith(fence))) fence = fence === null ? open : null;
    if (fence !== null) continue;
    const m = NUMBERED.exec(line);
    const previousBlank = i === 0 || (lines[i - 1] ?? '').trim() === '';
    if (m && previousBlank && UNDERLINE.test(lines[i + 1] ?? '')) lines[i] = `${m[1]}${m[2]}\\${m[3]}${m[4]}`;
  }
  return lines.join('\n');
}
