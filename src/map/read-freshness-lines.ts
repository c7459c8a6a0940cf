/**
 * Reads a block that lists files with their freshness limits, one a line:
 *
 *     state/climate.json     must be younger than 30 s
 *     reports/daily.csv      max age 26h
 *
 * Every non-comment line must start with a path and state a limit, so a shell snippet or a
 * listing is never read as one.
 */
import { findFreshness, isPathLike } from './read-text.js';

/** One listed file: its path, the freshness text and the line offset in the block. */
export interface FreshnessLine {
  path: string;
  freshness: string;
  line: number;
}

/** The files a block lists with limits, or null when the block is not such a list. */
export function readFreshnessLines(value: string): FreshnessLine[] | null {
  const found: FreshnessLine[] = [];
  for (const [index, line] of value.split('\n').entries()) {
    if (line.trim() === '' || /^\s*(?:#|\/\/|;)/.test(line)) continue;
    if (line.length > 500) return null;
    const m = /^\s*`?([^\s`]+)`?\s+(\S.*)$/.exec(line);
    const path = m?.[1]?.replace(/:$/, '');
    const freshness = m?.[2] ? findFreshness(m[2], true) : null;
    if (!path || !isPathLike(path) || !path.includes('.') || freshness === null) return null;
    found.push({ path, freshness, line: index });
  }
  return found.length > 0 ? found : null;
}
