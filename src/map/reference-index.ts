import { posix } from 'node:path';
import type { ComponentId } from './types.js';
import type { Parsed } from './parse-values.js';
import { closestName } from './messages.js';
import { normalizeMapPath } from './map-paths.js';

/** What a reference resolved to: a known component, or a path not declared anywhere. */
export type Resolution = { kind: 'known'; id: ComponentId } | { kind: 'undeclared-path'; path: string };

/**
 * Resolves the names people write for components: a worker by name, a file or config by path,
 * and a bare file name when exactly one declared path ends with it.
 */
export class ReferenceIndex {
  private readonly workers = new Map<string, ComponentId>();
  private readonly paths = new Map<string, ComponentId>();
  private readonly byBaseName = new Map<string, string[]>();
  // Each hint compares a name with every declared one; past this many, unknown references get none,
  // so a map with thousands of them costs linear time, not names × references.
  private hintsLeft = 100;

  constructor(private readonly rootDir: string) {}

  addWorker(name: string, id: ComponentId): void {
    this.workers.set(name, id);
  }

  addPath(path: string, id: ComponentId): void {
    this.paths.set(path, id);
    const base = posix.basename(path);
    const list = this.byBaseName.get(base) ?? [];
    list.push(path);
    this.byBaseName.set(base, list);
  }

  idOfPath(path: string): ComponentId | undefined {
    return this.paths.get(path);
  }

  resolve(reference: string): Parsed<Resolution> {
    const ref = reference.trim();
    const worker = this.workers.get(ref);
    if (worker) return { ok: true, value: { kind: 'known', id: worker } };
    const normalized = normalizeMapPath(ref, this.rootDir);
    if (!normalized.ok) return normalized;
    const exact = this.paths.get(normalized.value);
    if (exact) return { ok: true, value: { kind: 'known', id: exact } };
    const candidates = (this.byBaseName.get(posix.basename(normalized.value)) ?? []).filter(
      (path) => path.endsWith(`/${normalized.value}`),
    );
    if (candidates.length === 1 && candidates[0]) {
      return { ok: true, value: { kind: 'known', id: this.paths.get(candidates[0]) ?? '' } };
    }
    if (candidates.length > 1) {
      const list = candidates.sort().map((c) => `\`${c}\``).join(', ');
      return { ok: false, message: `Ambiguous reference \`${ref}\`: it matches ${list}; write the full path` };
    }
    if (/[./]/.test(ref)) return { ok: true, value: { kind: 'undeclared-path', path: normalized.value } };
    const hint = this.hintsLeft-- > 0 ? closestName(ref, [...this.workers.keys(), ...this.paths.keys()]) : null;
    return {
      ok: false,
      message: `Unknown reference \`${ref}\`, expected a declared worker, file or config${hint ? `; did you mean \`${hint}\`?` : ''}`,
    };
  }
}
