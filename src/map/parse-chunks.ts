import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Root } from 'mdast';
import { simplifyTree, type Block } from './blocks.js';
import type { MarkdownChunk } from './split-markdown.js';

const plain = unified().use(remarkParse).freeze();
const gfm = unified().use(remarkParse).use(remarkGfm).freeze();

/** Parses chunks in this thread; GFM (for tables) only where a chunk has a pipe at all. */
export function parseChunks(chunks: MarkdownChunk[]): Block[][] {
  return chunks.map((chunk) => {
    const tree = (chunk.hasPipe ? gfm : plain).parse(chunk.text) as Root;
    return simplifyTree(tree, chunk.segments, chunk.continuesTable, chunk.columnShifts);
  });
}
