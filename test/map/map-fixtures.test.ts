import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMap } from '../../src/map/load-map.js';
import { formatMessage } from '../../src/map/messages.js';

const dir = join(import.meta.dirname, '../fixtures/maps');

describe('maps that must lint clean', () => {
  for (const name of readdirSync(join(dir, 'ok')).filter((f) => f.endsWith('.md'))) {
    it(`${name} has no errors and no warnings`, async () => {
      const map = await loadMap(join(dir, 'ok', name));
      expect(map.messages.map((m) => formatMessage('MAP', m))).toEqual([]);
      expect(map.ok).toBe(true);
    });
  }
});

describe('maps with problems report exactly the expected messages', () => {
  for (const name of readdirSync(join(dir, 'not-ok')).filter((f) => f.endsWith('.md'))) {
    it(`${name}`, async () => {
      const path = join(dir, 'not-ok', name);
      const map = await loadMap(path);
      const expected = readFileSync(path.replace(/\.md$/, '.messages'), 'utf8').trim().split('\n');
      const actual = map.messages.map((m) => formatMessage(path, m).replaceAll(path, 'MAP'));
      expect(actual).toEqual(expected);
    });
  }
});
