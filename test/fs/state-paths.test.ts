import { describe, expect, it } from 'vitest';
import { safeName } from '../../src/fs/state-paths.js';

describe('safeName', () => {
  it('keeps short names readable and reversible', () => {
    expect(safeName('api/worker *')).toBe('api%2Fworker%20%2A');
    expect(decodeURIComponent(safeName('ünïcødé'))).toBe('ünïcødé');
  });

  it('[attack] keeps a long Unicode name within the file-name limit, distinct per name', () => {
    const a = safeName('工'.repeat(120));
    const b = safeName(`${'工'.repeat(119)}人`);
    expect(Buffer.byteLength(`${a}.log.1`)).toBeLessThanOrEqual(200);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^(%[0-9A-F]{2})+~[0-9a-f]{16}$/);
  });
});
