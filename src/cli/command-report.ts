import { resolve } from 'node:path';
import { checkSystem } from '../agent/check-system.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { renderHtml } from '../report/render-html.js';
import { diagnosisToJson } from '../report/render-json.js';
import { renderMarkdown } from '../report/render-markdown.js';
import type { Io } from './io.js';
import { loadValidMap } from './load-valid-map.js';
import { oneOf, parseOptions } from './parse-options.js';

/** `healmap report`: the health report as Markdown (default), JSON or self-contained HTML. */
export async function runReport(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions(args, { format: { type: 'string', short: 'f', default: 'md' }, out: { type: 'string', short: 'o' } });
  const format = oneOf('format', values.format, ['md', 'json', 'html'] as const);
  const map = await loadValidMap(values.map, io);
  if (!map) return 3;
  const { diagnosis } = await checkSystem(map);
  const text =
    format === 'json' ? `${JSON.stringify(diagnosisToJson(diagnosis), null, 2)}\n`
    : format === 'html' ? renderHtml(diagnosis, map.graph, map.order, { title: map.label })
    : renderMarkdown(diagnosis, map.graph, map.order);
  if (values.out) {
    await writeFileAtomic(resolve(io.cwd, values.out), text);
    io.err(`wrote ${values.out} (${diagnosis.status})\n`);
  } else {
    io.out(text);
  }
  return 0;
}
