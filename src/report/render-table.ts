import type { Diagnosis, Status } from '../diagnose/types.js';
import { describeCause, describeFacts, summarize } from './format-health.js';
import { toOneLine } from './one-line.js';

const COLORS: Record<Status, string> = { ok: '\x1b[32m', warning: '\x1b[33m', critical: '\x1b[31m', unknown: '\x1b[90m' };
const RESET = '\x1b[0m';
const MAX_CAUSE = 100;

/** The terminal view of `check`, in the spirit of `pm2 status`: root causes first. */
export function renderTable(diagnosis: Diagnosis, color: boolean): string {
  const roots = new Set(diagnosis.rootCauses);
  const rows = diagnosis.components.map((c) => [
    `${roots.has(c.id) ? '● ' : '  '}${toOneLine(c.name)}`, c.kind, c.status, toOneLine(describeFacts(c)), truncate(toOneLine(describeCause(c)), MAX_CAUSE),
  ]);
  const header = ['  COMPONENT', 'KIND', 'STATUS', 'SEEN', 'CAUSE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[], status?: Status): string =>
    cells
      .map((cell, i) => {
        const padded = i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0);
        return color && status && i === 2 ? `${COLORS[status]}${padded}${RESET}` : padded;
      })
      .join('  ')
      .trimEnd();
  const out = [line(header), ...rows.map((r, i) => line(r, diagnosis.components[i]?.status))];
  const summary = summarize(diagnosis);
  out.push('', color ? `${COLORS[diagnosis.status]}${summary}${RESET}` : summary);
  if (diagnosis.rootCauses.length > 0) out.push('● marks a root cause; everything it reaches is listed under it as "caused by" / "blocked by".');
  return `${out.join('\n')}\n`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
