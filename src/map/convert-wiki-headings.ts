/**
 * Wiki pages pasted into a map keep their `== Section ==` headings, which Markdown reads as text.
 * Each is rewritten as the ATX heading of the same level on the same line, so positions stay.
 */

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const OPEN = /^={1,6}(?!=)/;
const CLOSE = /(?<!=)={1,6}$/;

/** The text with every `== Title ==` line made a Markdown heading; line count unchanged. */
export function convertWikiHeadings(text: string): string {
  const lines = text.split('\n');
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const open = FENCE.exec(line)?.[1];
    if (open && (fence === null || open.startsWith(fence))) fence = fence === null ? open : null;
    if (fence !== null || open) continue;
    const trimmed = line.trimEnd();
    const opening = OPEN.exec(trimmed)?.[0] ?? '';
    const closing = CLOSE.exec(trimmed)?.[0] ?? '';
    const title = trimmed.slice(opening.length, trimmed.length - closing.length).trim();
    if (opening !== '' && opening.length === closing.length && title !== '' && !title.includes('=')) lines[i] = `${'#'.repeat(opening.length)} ${title}`;
  }
  return lines.join('\n');
}
