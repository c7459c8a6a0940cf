// Worker-thread entry for parsing large maps: parses the chunks it is given and posts the blocks.
import { parentPort, workerData } from 'node:worker_threads';
import { parseChunks } from './parse-chunks.js';
import type { MarkdownChunk } from './split-markdown.js';

parentPort?.postMessage(parseChunks(workerData as MarkdownChunk[]));
