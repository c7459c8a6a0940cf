/**
 * Reads a plain-text table of processes whose first line names the columns, commented or not
 * (`# name   command   port`), as `ps` or a process manager prints it: each row is one worker,
 * each cell read by the column it stands under. A trailing `# comment` is dropped.
 */
import type { BlockWorker } from './read-code-block.js';
import { canonicalKey } from './vocabulary.js';

/** The workers of a headed column block, or null when the block has no header naming a worker and its command. */
export function readHeadedColumns(lang: string, value: string): BlockWorker[] | null {
  if (!['', 'text', 'txt', 'console', 'plain'].includes(lang)) return null;
  const lines = value.split('\n');
  const headerIndex = lines.findIndex((l) => l.trim() !== '');
  const header = lines[headerIndex];
  if (header === undefined) return null;
  const titles = [...header.replace(/^(\s*)#/, '$1 ').matchAll(/\S+(?: \S+)*/g)].map((m) => ({ text: m[0], start: m.index ?? 0 }));
  const keys = titles.map((t) => (canonicalKey('workers', t.text) as string | null));
  if (!keys.includes('name') || !keys.includes('command') || titles.length < 2) return null;
  const workers: BlockWorker[] = [];
  for (const [index, raw] of lines.entries()) {
    if (index <= headerIndex || raw.trim() === '' || raw.trim().startsWith('#')) continue;
    const line = raw.replace(/(?<!\s)\s+#\s.*$/, '');
    const cells = cellsOf(line, titles.map((t) => t.start));
    const name = cells[keys.indexOf('name')] ?? '';
    if (!/^[A-Za-z][\w.-]*$/.test(name)) return null;
    const pairs: [string, string][] = [];
    cells.forEach((cell, i) => {
      const key = keys[i];
      const title = titles[i]?.text;
      if (key && key !== 'name' && title && !/^[-—–]?$/.test(cell)) pairs.push([title, cell]);
    });
    workers.push({ name, line: index, keys: pairs, produces: [], reads: [] });
  }
  return workers.length > 0 ? workers : null;
}

// Cells split on runs of two spaces when their count fits the header, else cut at the header's columns.
function cellsOf(line: string, starts: number[]): string[] {
  const split = line.trim().split(/\s{2,}|\t+/);
  if (split.length === starts.length) return split.map((c) => c.trim());
  return starts.map((start, i) => line.slice(start, starts[i + 1] ?? line.length).trim());
}
