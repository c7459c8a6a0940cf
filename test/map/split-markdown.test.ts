import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { simplifyTree, type BlockListItem } from '../../src/map/blocks.js';
import { parseMarkdown } from '../../src/map/parse-markdown.js';
import { splitMarkdown } from '../../src/map/split-markdown.js';

// What one whole-document parse yields, the reference the chunked parse must equal.
function parseWhole(text: string) {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(text) as Root;
  const blocks = simplifyTree(tree, [{ start: 1, count: text.split('\n').length }], false);
  return blocks.map((block) => (block.type === 'table' ? { ...block, continuesPrevious: false } : block));
}

// Merges table blocks the chunker cut into row groups, as the map reader does.
function mergeTables(blocks: Awaited<ReturnType<typeof parseMarkdown>>) {
  const merged: typeof blocks = [];
  for (const block of blocks) {
    const last = merged[merged.length - 1];
    if (block.type === 'table' && block.continuesPrevious && last?.type === 'table') {
      last.rows.push(...block.rows.slice(1));
    } else {
      merged.push(block.type === 'table' ? { ...block, continuesPrevious: false } : block);
    }
  }
  return merged;
}

function bigDocument(): string {
  const parts = ['# Map', '', 'Prose with a | pipe.', '', '## Workers', '', '| Worker | Command |', '|---|---|'];
  for (let i = 0; i < 450; i++) parts.push(`| w${i} | \`node w.js ${i}\` |`);
  parts.push('', '```md', '# not a heading inside a fence', '- not a list', '```', '');
  for (let i = 0; i < 300; i++) parts.push(`### h${i}`, '', `- command: node h${i}.js`, `- produces: out/${i}.jsonl`, '  - nested: yes', '');
  parts.push('~~~', '## still in a tilde fence', '~~~', '', '> # quoted heading', '', '    # indented code');
  return parts.join('\n');
}

describe('chunked parsing', () => {
  it('yields exactly the blocks and positions of one whole-document parse', async () => {
    const text = bigDocument();
    expect(splitMarkdown(text).length).toBeGreaterThan(5);
    expect(mergeTables(await parseMarkdown(text))).toEqual(parseWhole(text));
  });

  it('cuts a long table into row groups that repeat its header', () => {
    const chunks = splitMarkdown(bigDocument());
    const continued = chunks.filter((c) => c.continuesTable);
    expect(continued).toHaveLength(2);
    expect(continued[0]?.text.split('\n').slice(0, 2)).toEqual(['| Worker | Command |', '|---|---|']);
  });

  it('caps deep indentation outside fences and maps columns back to the original', async () => {
    const deep = Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n');
    const text = `## Workers\n\n### w\n- command: x\n\n${deep}\n\n\`\`\`\n${' '.repeat(60)}code stays\n\`\`\``;
    const [chunk] = splitMarkdown(text);
    expect(chunk?.text).toContain(`\n${' '.repeat(60)}code stays`);
    expect(chunk?.text.split('\n').filter((l) => /^ {17,}- item/.test(l))).toEqual([]);
    const blocks = await parseMarkdown(text);
    const all: BlockListItem[] = [];
    const collect = (items: BlockListItem[]): void => { for (const i of items) { all.push(i); collect(i.children); } };
    for (const b of blocks) if (b.type === 'list') collect(b.items);
    const item = all.find((i) => i.text === 'item 39');
    expect(item?.place).toEqual({ line: 45, column: 81 });
  });

  it('never cuts inside a code fence', () => {
    const text = 'a\n```\n# x\n```\n# real';
    expect(splitMarkdown(text).map((c) => c.segments)).toEqual([[{ start: 1, count: 5 }]]);
  });
});
