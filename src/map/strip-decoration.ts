/**
 * Teams decorate the names and labels of their documents: `### 📥 feed_fetcher`, `- ▶️ **Run it:**`,
 * `| ✅ yes |`. The decoration carries no fact; left in place, it hides a name from every reader
 * (`📥 feed_fetcher` is not name-like, `▶️ **Run it:**` is no `key: value`).
 */

// Pictographs and symbols with their joiners, variation selectors and skin tones, each maybe
// followed by spaces; one character class then spaces, so the match is linear.
const LEADING = /^\s*(?:[\p{Extended_Pictographic}\p{So}\u{FE0E}\u{FE0F}\u{200D}\u{20E3}]+\s*)+/u;
const TRAILING = /(?<=\S)\s+[\p{Extended_Pictographic}\p{So}\u{FE0E}\u{FE0F}\u{200D}\u{20E3}]+$/u;

/** The text without the emoji or symbols it starts with (and, with `both`, ends with). */
export function stripDecoration(text: string, both = false): string {
  const start = LEADING.exec(text);
  const lead = start ? text.slice(start[0].length) : text;
  // A text that is nothing but symbols stays as it was: the symbol is then the content.
  if (lead.trim() === '') return text;
  return both ? lead.replace(TRAILING, '') : lead;
}

/** Marked text (`**bold**`, `` `code` ``) without the decoration it starts with, inside a bold lead too. */
export function stripMarkedDecoration(marked: string): string {
  const stripped = stripDecoration(marked);
  if (!stripped.startsWith('**')) return stripped;
  const inner = stripDecoration(stripped.slice(2));
  return inner.startsWith('**') ? stripped : `**${inner}`;
}
