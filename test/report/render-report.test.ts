import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { loadMapText } from '../../src/map/load-map.js';
import { renderHtml } from '../../src/report/render-html.js';
import { diagnosisToJson } from '../../src/report/render-json.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { renderTable } from '../../src/report/render-table.js';
import { byId, dead, file, running, syntheticProbe } from '../helpers/synthetic-probe.js';

const MAP = `## Workers
| Worker | Command | Produces | Depends on |
|---|---|---|---|
| predictive_engine | node engine.js | out/predictive_signals.jsonl every 1 min | — |
| ensemble_predictor | node ensemble.js | out/ensemble_predictions.jsonl every 5 min | out/predictive_signals.jsonl |
| signal_resolver | node resolver.js | out/resolved.jsonl every 5 min | out/ensemble_predictions.jsonl |
| status_server | node status.js | — | — |
`;

async function scenario() {
  const map = await loadMapText(MAP);
  const probe = syntheticProbe({
    workers: byId([
      ['worker:predictive_engine', running(101)],
      ['worker:ensemble_predictor', dead()],
      ['worker:signal_resolver', running(103, 90)],
      ['worker:status_server', running(104, 86_400)],
    ]),
    files: byId([
      ['file:out/predictive_signals.jsonl', file(12)],
      ['file:out/ensemble_predictions.jsonl', file(900)],
      ['file:out/resolved.jsonl', file(null)],
    ]),
  });
  return { map, diagnosis: diagnose({ model: map.model, graph: map.graph, order: map.order, probe }) };
}

describe('the human-readable report', () => {
  it('shows one root cause first in the terminal table', async () => {
    const { diagnosis } = await scenario();
    expect(renderTable(diagnosis, false)).toMatchSnapshot();
  });

  it('renders Markdown with root causes, per-kind tables and a coloured Mermaid graph', async () => {
    const { map, diagnosis } = await scenario();
    expect(renderMarkdown(diagnosis, map.graph, map.order)).toMatchSnapshot();
  });

  it('renders one self-contained HTML page that names the root cause', async () => {
    const { map, diagnosis } = await scenario();
    const html = renderHtml(diagnosis, map.graph, map.order);
    expect(html).toContain('<li class="root critical" data-root="worker:ensemble_predictor"><strong>ensemble_predictor</strong>');
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('data-id="worker:ensemble_predictor" data-status="critical"');
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
    expect(html).not.toContain('<script');
  });

  it('produces the documented JSON shape', async () => {
    const { diagnosis } = await scenario();
    const json = diagnosisToJson(diagnosis) as { status: string; rootCauses: string[]; components: Record<string, unknown>[] };
    expect(json.status).toBe('critical');
    expect(json.rootCauses).toEqual(['worker:ensemble_predictor']);
    expect(json.components[0]).toEqual({
      id: 'worker:ensemble_predictor', kind: 'worker', name: 'ensemble_predictor', status: 'critical', critical: true,
      problems: [{ code: 'process-dead', message: 'not running' }], causedBy: null,
      blastRadius: ['file:out/ensemble_predictions.jsonl', 'worker:signal_resolver', 'file:out/resolved.jsonl'],
      state: 'dead', pid: null, identifiedBy: null, hasPidfile: true, uptimeSeconds: null, cpuPercent: null, memoryBytes: null,
    });
    expect(json.components.find((c) => c.id === 'file:out/resolved.jsonl')).toMatchObject({ causedBy: 'worker:ensemble_predictor', problems: [{ code: 'file-missing' }] });
  });
});
