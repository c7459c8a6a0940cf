import { isAbsolute, posix, relative, sep } from 'node:path';
import type { Parsed } from './parse-values.js';

/**
 * Normalizes a path written in the map to a POSIX path relative to the map's folder, refusing
 * any path that would leave that folder (healmap never touches files outside it).
 */
export function normalizeMapPath(text: string, rootDir: string): Parsed<string> {
  const given = text.trim();
  if (given === '') return { ok: false, message: 'Expected a path, got an empty value' };
  if (given.includes('\0')) return { ok: false, message: `Expected a path without NUL bytes, got \`${given}\`` };
  let path = given.replaceAll('\\', '/');
  if (isAbsolute(path)) path = relative(rootDir, path).split(sep).join('/');
  const normalized = posix.normalize(path).replace(/\/$/, '');
  if (normalized === '..' || normalized.startsWith('../') || isAbsolute(normalized) || normalized === '.') {
    return { ok: false, message: `Expected a path inside the map's folder, got \`${given}\`` };
  }
  return { ok: true, value: normalized };
}
