/**
 * Wikis and note apps (Notion, GitHub, Confluence exports) fold a section under an HTML toggle:
 * `<details>`, a `<summary>` line naming what it holds, then Markdown, then `</details>`. CommonMark
 * reads the summary as raw HTML, so the Markdown under it belonged to no component: a block of
 * `Start:` / `Port:` bullets under `<summary><b>api</b> — the web API</summary>` was read as
 * nobody's. Rewritten line for line, so positions stay: the summary becomes a heading one level
 * below the section (or toggle) it stands in, its text without the tags; the `<details>` and
 * `</details>` lines become blank lines.
 */

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})\s/;
const OPEN = /^\s*<details(?:\s[^>]*)?>\s*(.*)$/i;
const CLOSE = /^\s*<\/details>\s*$/i;
const SUMMARY = /^\s*<summary(?:\s[^>]*)?>(.*?)<\/summary>\s*$/i;

/** The text with every `<details>` toggle's summary made a heading; line count unchanged. */
export function unfoldHtmlDetails(text: string): string {
  if (!/<details/i.test(text)) return text;
  const lines = text.split('\n');
  let fence: string | null = null;
  let depth = 1;
  // The heading depth each open toggle stands at, innermost last.
  const open: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fenced = FENCE.exec(line)?.[1];
    if (fenced && (fence === null || fenced.startsWith(fence))) fence = fence === null ? fenced : null;
    if (fence !== null || fenced) continue;
    const heading = HEADING.exec(line)?.[1];
    if (heading) {
      depth = heading.length;
      open.length = 0;
      continue;
    }
    const opening = OPEN.exec(line);
    if (opening) {
      open.push(Math.min(6, (open[open.length - 1] ?? depth) + 1));
      // `<details><summary>…</summary>` on one line: the summary is on the opening line.
      lines[i] = SUMMARY.test(opening[1] ?? '') ? summaryHeading(opening[1] ?? '', open[open.length - 1] ?? depth + 1) : '';
      continue;
    }
    if (CLOSE.test(line)) {
      open.pop();
      lines[i] = '';
      continue;
    }
    if (open.length > 0 && SUMMARY.test(line)) lines[i] = summaryHeading(line, open[open.length - 1] ?? depth + 1);
  }
  return lines.join('\n');
}

// The summary's text, tags removed (`<b>api</b>` keeps `api`), as a heading of the given depth.
function summaryHeading(line: string, level: number): string {
  const inner = SUMMARY.exec(line)?.[1] ?? '';
  const title = inner.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();
  return title === '' ? '' : `${'#'.repeat(level)} ${title}`;
}
