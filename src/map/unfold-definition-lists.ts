/**
 * Definition lists (`Term` on one line, `: definition` under it, as Pandoc, PHP Markdown Extra,
 * MkDocs and wikis write them) are not CommonMark: they would read as one paragraph and, where
 * the definition is indented, a code block. They are rewritten line for line, so every position
 * stays where it was: a term that is one name (`` `ingest` ``, `gate_daemon`) becomes a heading one
 * level below the section it stands in, its definition the text under it; any other term (`Start
 * command`, `Listens on`) becomes a `Term: definition` bullet, the form a component's facts take.
 */

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})\s/;
const DEFINITION = /^ {0,3}:(\s+)(\S.*)$/;
const WIKI_TERM = /^;\s*(\S.*)$/;
// A name as a heading would be one: in code, or with `_ - .` or a lower-case start (`Role` is a key).
const NAME = /^(?:`[A-Za-z][\w.-]{0,63}`|[a-z][\w.-]{0,63}|[A-Za-z]\w*[_.-][\w.-]*)$/;

/** The text with every definition list rewritten as headings or bullets; line count unchanged. */
export function unfoldDefinitionLists(text: string): string {
  const lines = text.split('\n');
  // As written: a term directly under the previous definition is checked against that definition.
  const written = [...lines];
  let fence: string | null = null;
  let depth = 1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const open = FENCE.exec(line)?.[1];
    if (open && (fence === null || open.startsWith(fence))) fence = fence === null ? open : null;
    if (fence !== null || open) continue;
    const heading = HEADING.exec(line)?.[1];
    if (heading) depth = heading.length;
    const definition = DEFINITION.exec(lines[i + 1] ?? '');
    const previous = written[i - 1] ?? '';
    const previousBlank = i === 0 || previous.trim() === '' || DEFINITION.test(previous) || /^ {2,}\S/.test(previous);
    if (!definition || !previousBlank || !isTerm(line)) continue;
    const term = (WIKI_TERM.exec(line)?.[1] ?? line).trim();
    const indent = 1 + (definition[1]?.length ?? 1);
    const end = definitionEnd(lines, i + 2, indent);
    if (NAME.test(term)) {
      lines[i] = `${'#'.repeat(Math.min(6, depth + 1))} ${term}`;
      lines[i + 1] = definition[2] ?? '';
      for (let j = i + 2; j < end; j++) lines[j] = dedent(lines[j] ?? '', indent);
    } else {
      lines[i] = `- ${term.replace(/[:.]\s*$/, '')}:`;
      lines[i + 1] = `  ${definition[2] ?? ''}`;
      for (let j = i + 2; j < end; j++) lines[j] = `  ${dedent(lines[j] ?? '', indent)}`;
    }
    i = end - 1;
  }
  return lines.join('\n');
}

// A term is one short line of text, not a heading, bullet, table row, quote or definition.
function isTerm(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.length > 80 || /^ {4}/.test(line)) return false;
  if (WIKI_TERM.test(trimmed)) return true;
  return !/^(#|[-*+]\s|\d+[.)]\s|\||>|:|<|!|=|\{)/.test(trimmed);
}

// Where a definition ends: at the first line that is not indented (a blank line followed by one).
function definitionEnd(lines: string[], from: number, indent: number): number {
  let j = from;
  while (j < lines.length) {
    const line = lines[j] ?? '';
    if (line.trim() === '') {
      const next = lines[j + 1] ?? '';
      if (next.trim() !== '' && /^\s{2,}\S/.test(next) && leadingSpaces(next) >= Math.min(indent, 2)) {
        j++;
        continue;
      }
      return j;
    }
    if (!/^\s/.test(line)) return j;
    j++;
  }
  return j;
}

function leadingSpaces(line: string): number {
  return line.length - line.trimStart().length;
}

function dedent(line: string, indent: number): string {
  return line.slice(Math.min(leadingSpaces(line), indent));
}
