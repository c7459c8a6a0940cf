import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listCorpus, scoreMap, type MapScore } from '../helpers/score-corpus.js';

// Maps written by people who never read healmap's format, each with the facts it states.
// CORPUS_DIR scores another corpus the same way (a held-out set kept outside the repository).
const CORPUS = process.env.CORPUS_DIR ?? join(import.meta.dirname, '../fixtures/corpus');
// The overall share of stated facts that must be read correctly, and the floor for any one map.
const OVERALL_FLOOR = 0.9;
const MAP_FLOOR = 0.75;

describe('maps written without knowing healmap', () => {
  const scores: MapScore[] = [];

  for (const folder of listCorpus(CORPUS)) {
    it(`${folder.slice(CORPUS.length + 1)} is accepted and read`, async () => {
      const score = await scoreMap(folder);
      scores.push(score);
      const missed = score.facts.filter((f) => !f.read).map((f) => f.fact);
      const share = score.facts.filter((f) => f.read).length / score.facts.length;
      expect(score.errors, 'no map is rejected for its prose').toEqual([]);
      expect({ share: share >= MAP_FLOOR, missed }).toEqual({ share: true, missed: expect.any(Array) as unknown });
    });
  }

  it(`reads at least ${OVERALL_FLOOR * 100} % of all stated facts`, () => {
    expect(scores.length).toBe(listCorpus(CORPUS).length);
    const all = scores.flatMap((s) => s.facts);
    const read = all.filter((f) => f.read).length;
    // CORPUS_REPORT=1 prints the score map by map with every missed fact.
    if (process.env.CORPUS_REPORT) {
      for (const s of scores) {
        const lines = s.facts.filter((f) => !f.read).map((f) => `   missed ${f.fact}`);
        console.log([`${s.map}: ${s.facts.filter((f) => f.read).length}/${s.facts.length}${s.ok ? '' : ' REJECTED'}`, ...s.errors.map((e) => `   error ${e}`), ...lines].join('\n'));
      }
      console.log(`overall ${read}/${all.length} = ${((100 * read) / all.length).toFixed(1)} %`);
    }
    expect(read / all.length).toBeGreaterThanOrEqual(OVERALL_FLOOR);
  });
});
