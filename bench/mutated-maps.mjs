// The fuzz generator of mutated maps, shared by test/fuzz/mutate-maps.test.ts and the bench's lint section.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

const ROOT = new URL('..', import.meta.url).pathname;
const FIXTURES = join(ROOT, 'test/fixtures/maps/ok');

/** The valid maps mutations start from: the demo map and every ok fixture. */
export function readBaseMaps() {
  return [readFileSync(join(ROOT, 'ARCHITECTURE_MAP.md'), 'utf8'), ...readdirSync(FIXTURES).sort().map((f) => readFileSync(join(FIXTURES, f), 'utf8'))];
}

const lines = (text) => text.split('\n');

// One mutation of a valid map, the way maps really get broken (and some ways attackers try).
const mutation = fc.oneof(
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => (t) => t.slice(Math.min(a, b) % (t.length + 1), Math.max(a, b) % (t.length + 1))),
  fc.tuple(fc.nat(), fc.nat(30)).map(([at, n]) => (t) => { const l = lines(t); const i = at % l.length; return [...l.slice(0, i + n), ...l.slice(i, i + n), ...l.slice(i + n)].join('\n'); }),
  fc.array(fc.nat(), { minLength: 2, maxLength: 40 }).map((swaps) => (t) => { const l = lines(t); for (let k = 0; k + 1 < swaps.length; k += 2) { const a = (swaps[k] ?? 0) % l.length; const b = (swaps[k + 1] ?? 0) % l.length; [l[a], l[b]] = [l[b], l[a]]; } return l.join('\n'); }),
  fc.tuple(fc.nat(), fc.uint8Array({ maxLength: 64 })).map(([at, bytes]) => (t) => { const i = at % (t.length + 1); return t.slice(0, i) + Buffer.from(bytes).toString('latin1') + t.slice(i); }),
  fc.tuple(fc.nat(), fc.integer({ min: 1000, max: 50_000 })).map(([at, size]) => (t) => { const l = lines(t); const i = at % l.length; l[i] = `| ${'x'.repeat(size)} | \`${'y'.repeat(size / 10)}\` |`; return l.join('\n'); }),
  fc.integer({ min: 50, max: 600 }).map((depth) => (t) => `${t}\n${Array.from({ length: depth }, (_, d) => `${'  '.repeat(Math.min(d, 200))}- command: x${d}`).join('\n')}\n${'>'.repeat(depth)} # quoted`),
  fc.tuple(fc.nat(), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 })).map(([at, name]) => (t) => { const l = lines(t); const i = at % l.length; l[i] = `### ${name}\n- command: node ${name}.js\n- produces: ${name}/out.jsonl`; return l.join('\n'); }),
  fc.constantFrom('../../etc/passwd', '/etc/shadow', 'a/../../b', '..', './../x', 'C:\\Windows\\x', 'out/\u0000evil').map((evil) => (t) => t.replace(/fixtures\/demo\/out\/[a-z_]+\.jsonl|out\/[a-z]+\.jsonl|config\/[a-z_]+\.json/, evil)),
);

/** An arbitrary map: one of `bases` with one to four mutations applied. */
export function mutatedMaps(bases = readBaseMaps()) {
  return fc.tuple(fc.constantFrom(...bases), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([base, ms]) => ms.reduce((text, m) => m(text), base));
}
