/**
 * Teams that publish their docs with Asciidoctor write the map in AsciiDoc: `== Section` titles,
 * `[source,sh]` over `----` listing blocks, `|===` tables, `term::` definitions, `*` and `.` lists.
 * CommonMark reads all of that as paragraphs, so nothing in it was read and nothing was warned
 * about. A document written in AsciiDoc (its title or its sections are AsciiDoc titles, and it has
 * no Markdown heading) is rewritten block for block into the Markdown the readers know, line for
 * line so positions stay: titles become ATX headings, listing and literal blocks fences, tables pipe
 * tables (the `|===` line carries the header, the header line the separator), definitions the
 * `Term` / `: definition` form, and block attributes, anchors, comments and delimiters blank lines.
 */

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const MARKDOWN_HEADING = /^ {0,3}#{1,6}\s/;
const TITLE = /^(={1,6})\s+(\S.*?)\s*$/;
const BLOCK_ATTRIBUTES = /^\[[^\]]*\]\s*$/;
const SOURCE_LANGUAGE = /^\[(?:source|listing)?,\s*([\w+-]+)/;
const DOCUMENT_ATTRIBUTE = /^:!?[\w-]+!?:(\s.*)?$/;
const LISTING = /^(-{4,}|\.{4,})\s*$/;
const TABLE = /^[|!,:]={3,}\s*$/;
const COMMENT_BLOCK = /^\/{4,}\s*$/;
// Example, sidebar, quote, passthrough and open block delimiters: the body is read as it is.
const DELIMITER = /^(={4,}|\*{4,}|_{4,}|\+{4,}|--)\s*$/;
const DEFINITION = /^(\S.*?)(:{2,4}|;;)(?:\s+(\S.*))?$/;
const BULLET = /^(\*{1,5}|-)\s+(\S.*)$/;
const NUMBERED = /^(\.{1,5})\s+(\S.*)$/;

/** True when the text is an AsciiDoc document rather than Markdown with a stray `==` line. */
export function isAsciidoc(text: string): boolean {
  let fence: string | null = null;
  let titles = 0;
  let first = true;
  for (const line of text.split('\n')) {
    const open = FENCE.exec(line)?.[1];
    if (open && (fence === null || open.startsWith(fence))) fence = fence === null ? open : null;
    if (fence !== null || open) continue;
    if (MARKDOWN_HEADING.test(line)) return false;
    const title = TITLE.exec(line);
    // A wiki heading closes with the same run of `=` (`== Title ==`); an AsciiDoc title does not.
    if (title && !/\s=+$/.test(line.trimEnd())) titles += first && title[1] === '=' ? 2 : 1;
    if (line.trim() !== '') first = false;
  }
  return titles >= 2;
}

/** The text with an AsciiDoc document rewritten as Markdown; Markdown is returned unchanged. */
export function convertAsciidoc(text: string): string {
  if (!text.includes('=') || !isAsciidoc(text)) return text;
  const lines = text.split('\n');
  const out: string[] = [];
  let language = '';
  let attributes = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const trimmed = line.trimEnd();
    const delimited = LISTING.exec(trimmed)?.[1];
    if (delimited) {
      const end = findClosing(lines, i, trimmed);
      out.push(`\`\`\`${language}`, ...lines.slice(i + 1, end), '```');
      i = end;
      language = '';
      attributes = '';
      continue;
    }
    if (COMMENT_BLOCK.test(trimmed)) {
      const end = findClosing(lines, i, trimmed);
      for (let j = i; j <= end && j < lines.length; j++) out.push('');
      i = end;
      continue;
    }
    if (TABLE.test(trimmed)) {
      const end = findClosing(lines, i, trimmed);
      out.push(...convertTable(lines.slice(i + 1, end), trimmed[0] ?? '|', attributes), '');
      i = end;
      attributes = '';
      continue;
    }
    const isAttributes = BLOCK_ATTRIBUTES.test(trimmed);
    language = isAttributes ? (SOURCE_LANGUAGE.exec(trimmed)?.[1] ?? '') : '';
    attributes = isAttributes ? trimmed : '';
    out.push(isAttributes ? '' : convertLine(lines, i));
  }
  return out.slice(0, lines.length).join('\n');
}

// The line that closes the block opened at `from` (the same delimiter), or the last line.
function findClosing(lines: string[], from: number, delimiter: string): number {
  for (let j = from + 1; j < lines.length; j++) if ((lines[j] ?? '').trimEnd() === delimiter) return j;
  return lines.length - 1;
}

function convertLine(lines: string[], i: number): string {
  const line = lines[i] ?? '';
  const trimmed = line.trimEnd();
  const title = TITLE.exec(trimmed);
  if (title && !/\s=+$/.test(trimmed)) return `${'#'.repeat(title[1]?.length ?? 1)} ${title[2] ?? ''}`;
  if (/^\.[^\s.]/.test(trimmed)) return `**${trimmed.slice(1)}**`; // a block title: `.Start order`
  if (DOCUMENT_ATTRIBUTE.test(trimmed) || DELIMITER.test(trimmed) || /^\/\/(?!\/)/.test(trimmed) || trimmed === '+') return '';
  if (/^\[\[[^\]]+\]\]$/.test(trimmed)) return '';
  const bullet = BULLET.exec(trimmed);
  if (bullet) return `${'  '.repeat((bullet[1]?.length ?? 1) - 1)}- ${bullet[2] ?? ''}`;
  const numbered = NUMBERED.exec(trimmed);
  if (numbered) return `${'   '.repeat((numbered[1]?.length ?? 1) - 1)}1. ${numbered[2] ?? ''}`;
  const definition = /^\s/.test(line) ? null : DEFINITION.exec(trimmed);
  if (definition && !/^https?:|::\S/.test(trimmed)) {
    const term = definition[1] ?? '';
    if (definition[3]) return `- ${term}: ${definition[3]}`;
    // The description on the indented lines below becomes a `: definition` line.
    const next = lines[i + 1] ?? '';
    if (/^\s+\S/.test(next)) lines[i + 1] = `: ${next.trim()}`;
    return term;
  }
  return line;
}

// A table's rows as a pipe table, from its body lines (between the `|===` lines) and its `cols`
// attribute; as many lines out as the body has, plus one for the opening line, which holds the header.
function convertTable(body: string[], separator: string, attributes: string): string[] {
  const cells: string[] = [];
  let headerLine = -1;
  let first: number | null = null;
  for (const [index, raw] of body.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const parts = splitCells(line, separator);
    if (parts.leading !== '' && cells.length > 0) cells[cells.length - 1] = `${cells[cells.length - 1] ?? ''} ${parts.leading}`.trim();
    if (first === null && parts.cells.length > 0) {
      first = parts.cells.length;
      headerLine = index;
    }
    cells.push(...parts.cells);
  }
  const out: string[] = ['', ...body.map(() => '')];
  const columns = countColumns(attributes) ?? first ?? 0;
  if (columns === 0 || headerLine < 0) return out;
  const pipe = (texts: string[]): string => `| ${texts.map((t) => t.replace(/\|/g, '\\|')).join(' | ')} |`;
  out[0] = pipe(cells.slice(0, columns));
  out[headerLine + 1] = `|${cells.slice(0, columns).map(() => '---').join('|')}|`;
  // Rows follow one a line; rows written one cell a line take fewer lines than they had, so the
  // table ends early and blank lines keep the lines after it where they were.
  let at = headerLine + 2;
  for (let c = columns; c < cells.length && at < out.length; c += columns, at++) out[at] = pipe(cells.slice(c, c + columns));
  return out;
}

// The column count a `cols` attribute gives: `"2,3,1"` is three, `"3*"` three, `4` four.
function countColumns(attributes: string): number | null {
  const cols = /\bcols\s*=\s*"?([^"\]]*)"?/.exec(attributes)?.[1]?.trim();
  if (!cols) return null;
  const repeat = /^(\d+)\*/.exec(cols)?.[1];
  if (repeat) return Number(repeat);
  if (/^\d+$/.test(cols)) return Number(cols);
  return cols.split(/[,;]/).length;
}

// The cells of one table line: `| a | b` gives [a, b]; text before the first `|` continues a cell.
function splitCells(line: string, separator: string): { leading: string; cells: string[] } {
  const parts = line.split(new RegExp(`(?<!\\\\)\\${separator}`));
  const leading = (parts.shift() ?? '').trim();
  // A cell specifier before a separator (`2+|`, `a|`, `^.^|`) styles the cell; it is not its text.
  const cells = parts.map((part) => part.trim().replace(/\s+(?:\d*[+*])?[<^>]?(?:\.[<^>])?[adehlmsv]?$/, (spec) => (/^\s+[a-z]$/.test(spec) ? spec : '')));
  return { leading, cells };
}
