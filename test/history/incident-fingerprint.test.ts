import { describe, expect, it } from 'vitest';
import { fingerprintIncident } from '../../src/history/incident-fingerprint.js';

describe('incident fingerprints', () => {
  it('names problems, exit, the worst dependency state and a config change', () => {
    expect(fingerprintIncident({ problems: ['port-closed', 'process-dead'], exit: { code: 1, signal: null }, dependencies: ['ok', 'warning'], configChanged: true }))
      .toBe('port-closed+process-dead|exit:1|deps:warning|config-changed');
    expect(fingerprintIncident({ problems: ['process-dead'], exit: { code: null, signal: 'SIGKILL' } })).toBe('process-dead|signal:SIGKILL|deps:ok');
  });

  it('is the same whatever the order of problems and dependencies', () => {
    const a = fingerprintIncident({ problems: ['b', 'a', 'a'], dependencies: ['critical', 'ok'] });
    expect(fingerprintIncident({ problems: ['a', 'b'], dependencies: ['ok', 'critical'] })).toBe(a);
    expect(fingerprintIncident({ problems: ['a', 'b'], dependencies: ['ok'] })).not.toBe(a);
  });
});
