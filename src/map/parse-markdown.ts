import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Block } from './blocks.js';
import { escapeNumberedTitles } from './escape-numbered-titles.js';
import { convertWikiHeadings } from './convert-wiki-headings.js';
import { convertAsciidoc } from './convert-asciidoc.js';
import { unfoldHtmlDetails } from './unfold-html-details.js';
import { unfoldDefinitionLists } from './unfold-definition-lists.js';
import { unfoldAdmonitions } from './unfold-admonitions.js';
import { parseChunks } from './parse-chunks.js';
import { splitMarkdown, type MarkdownChunk } from './split-markdown.js';

// Below this size starting worker threads costs more than it saves.
const PARALLEL_THRESHOLD_CHARS = 512 * 1024;
const MAX_THREADS = 4;

/**
 * Parses a map's Markdown into its top-level blocks in time linear in its size: the document
 * is cut into small independent chunks (see split-markdown) and big documents are parsed on
 * several threads.
 */
export async function parseMarkdown(text: string): Promise<Block[]> {
  const chunks = splitMarkdown(unfoldDefinitionLists(convertWikiHeadings(escapeNumberedTitles(unfoldAdmonitions(unfoldHtmlDetails(convertAsciidoc(text)))))));
  const threads = Math.min(MAX_THREADS, availableParallelism());
  const workerUrl = new URL('./parse-worker.js', import.meta.url);
  // Under a TypeScript loader (tests) the compiled worker does not exist: parse in this thread.
  const canThread = workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl));
  if (text.length < PARALLEL_THRESHOLD_CHARS || threads < 2 || !canThread) {
    return parseChunks(chunks).flat();
  }
  const shares = shareChunks(chunks, threads);
  const results = await Promise.all(shares.map((share) => parseInWorker(workerUrl, share)));
  return results.flat(2);
}

// Contiguous shares of roughly equal size, so the blocks come back in document order.
function shareChunks(chunks: MarkdownChunk[], count: number): MarkdownChunk[][] {
  const total = chunks.reduce((sum, chunk) => sum + chunk.text.length, 0);
  const shares: MarkdownChunk[][] = [[]];
  let size = 0;
  for (const chunk of chunks) {
    if (size >= (total / count) * shares.length && shares.length < count) shares.push([]);
    shares[shares.length - 1]?.push(chunk);
    size += chunk.text.length;
  }
  return shares;
}

function parseInWorker(url: URL, chunks: MarkdownChunk[]): Promise<Block[][]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData: chunks });
    worker.once('message', (blocks: Block[][]) => {
      resolve(blocks);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
