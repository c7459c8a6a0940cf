/**
 * MkDocs Material and Python-Markdown extensions indent a block's body by four spaces under a
 * marker line: content tabs (`=== "dmx_daemon"`) and admonitions (`!!! note "Title"`, collapsible
 * `??? tip`). CommonMark reads such a body as an indented code block, so a component described in
 * a tab was read as code, or not at all. Rewritten line for line, so every line stays where it was:
 * a tab becomes a heading one level below the section it stands in, its body the text under it; an
 * admonition is an aside, so its body becomes a blockquote, which no reader takes values from.
 */

/** The first line of a blockquote made from an admonition: its body is an aside, never read for values. */
export const ASIDE_MARK = '<!-- healmap:aside -->';

const FENCE = /^\s*(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})\s/;
const TAB = /^(\s*)===\+?\s+"([^"]{1,80})"\s*$/;
const ADMONITION = /^(\s*)(?:!!!|\?\?\?\+?)\s+[\w-]{1,30}(?:\s+"[^"]{0,120}")?\s*$/;

interface Container {
  /** The indentation of its body. */
  indent: number;
  aside: boolean;
}

/** The text with every content tab made a heading and every admonition a blockquote; line count unchanged. */
export function unfoldAdmonitions(text: string): string {
  if (!text.includes('===') && !text.includes('!!!') && !text.includes('???')) return text;
  const lines = text.split('\n');
  const open: Container[] = [];
  let fence: string | null = null;
  let depth = 1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const indent = line.length - line.trimStart().length;
    // A line indented less than a container's body ends it; a blank line never does.
    if (line.trim() !== '' && fence === null) while (open.length > 0 && indent < (open[open.length - 1]?.indent ?? 0)) open.pop();
    const dedented = line.slice(Math.min(indent, open[open.length - 1]?.indent ?? 0));
    const aside = open.some((c) => c.aside);
    const mark = FENCE.exec(dedented)?.[1];
    if (mark && (fence === null || mark.startsWith(fence))) fence = fence === null ? mark : null;
    else if (fence === null) {
      const heading = HEADING.exec(dedented)?.[1];
      if (heading && !aside) depth = heading.length;
      const tab = TAB.exec(line);
      const admonition = tab ? null : ADMONITION.exec(line);
      if (tab && !aside) {
        lines[i] = `${'#'.repeat(Math.min(6, depth + 1))} ${tab[2] ?? ''}`;
        open.push({ indent: (tab[1]?.length ?? 0) + 4, aside: false });
        continue;
      }
      if (tab || admonition) {
        // Marked so the block reader knows this quote is an aside, not a quoted component card.
        lines[i] = aside ? '>' : `> ${ASIDE_MARK}`;
        open.push({ indent: ((tab ?? admonition)?.[1]?.length ?? 0) + 4, aside: true });
        continue;
      }
    }
    if (open.length === 0) continue;
    lines[i] = aside ? `> ${dedented}` : dedented;
  }
  return lines.join('\n');
}
