import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMap, loadMapText } from '../../src/map/load-map.js';

const fixture = (name: string) => join(import.meta.dirname, '../fixtures/maps/ok', name);

describe('reading a map written the way people write them', () => {
  it('reads workers from a table and from a sub-heading with bullets in one map', async () => {
    const { model } = await loadMap(fixture('mixed-forms.md'));
    expect(model.workers.map((w) => w.name)).toEqual(['predictive_engine', 'ensemble_predictor', 'signal_resolver', 'conviction_gate']);
    const engine = model.workers[0];
    expect(engine).toMatchObject({ command: 'python engine.py', pidfile: 'run/engine.pid', port: null, produces: ['file:logs/predictive_signals.jsonl'] });
    const resolver = model.workers.find((w) => w.name === 'signal_resolver');
    expect(resolver).toMatchObject({ lock: 'run/resolver.lock', startWithinMs: 5000, dependsOn: ['file:logs/ensemble_predictions.jsonl', 'worker:ensemble_predictor'] });
    expect(model.workers[1]?.port).toBe(8081);
  });

  it('takes freshness written inline in produces, and from the Files section', async () => {
    const { model } = await loadMap(fixture('mixed-forms.md'));
    const file = (path: string) => model.files.find((f) => f.path === path);
    expect(file('logs/predictive_signals.jsonl')).toMatchObject({ freshWithinMs: 300_000, producer: 'worker:predictive_engine', declared: false });
    expect(file('logs/resolved.jsonl')?.freshWithinMs).toBe(600_000);
    expect(file('logs/ensemble_predictions.jsonl')).toMatchObject({ freshWithinMs: 5_400_000, critical: true, createWith: '[]', producer: 'worker:ensemble_predictor' });
    expect(file('logs/audit.jsonl')).toMatchObject({ freshWithinMs: 86_400_000, producer: 'worker:signal_resolver' });
  });

  it('resolves a bare file name to the one declared path that ends with it', async () => {
    const { model } = await loadMap(fixture('mixed-forms.md'));
    expect(model.workers[1]?.dependsOn).toEqual(['file:logs/predictive_signals.jsonl', 'config:config/signal_policies.json']);
    expect(model.workers.find((w) => w.name === 'conviction_gate')?.dependsOn).toEqual(['config:config/weights.json', 'config:config/signal_policies.json']);
  });

  it('reads config fields from a table and from bullets, nested or inline', async () => {
    const { model } = await loadMap(fixture('mixed-forms.md'));
    const [policies, weights] = model.configs;
    expect(policies?.fields.map(({ place: _, ...f }) => f)).toEqual([
      { name: 'threshold', type: 'number', default: 0.5, min: 0, max: 1, required: true },
      { name: 'port', type: 'integer', default: 8081, min: 1024, max: 65535, required: false },
    ]);
    expect(weights?.fields.map(({ place: _, ...f }) => f)).toEqual([
      { name: 'alpha', type: 'number', default: 0.1, min: 0, max: null, required: true },
      { name: 'label', type: 'string', default: 'main', min: null, max: null, required: true },
    ]);
  });

  it('reads the Settings table over the defaults', async () => {
    const { model } = await loadMap(fixture('mixed-forms.md'));
    expect(model.settings).toMatchObject({ intervalMs: 30_000, backoffMs: [5000, 10_000, 20_000], onEscalate: 'notify-send healmap', maxFailures: 3 });
  });

  it('ignores sub-headings in unknown sections', async () => {
    const { model } = await loadMap(fixture('heading-form.md'));
    expect(model.workers.map((w) => w.name)).toEqual(['alpha', 'beta']);
    expect(model.files.find((f) => f.path === 'out/b.jsonl')).toMatchObject({ critical: false, freshWithinMs: 120_000 });
  });

  it('gives one clear error for a missing, binary or empty map', async () => {
    const missing = await loadMap('/nonexistent/ARCHITECTURE_MAP.md');
    expect(missing.messages.map((m) => m.message)).toEqual(['Cannot read the map: no such file']);
    expect((await loadMapText('   \n')).messages).toHaveLength(1);
  });
});
