import { describe, expect, it } from 'vitest';
import { pickConfigFormat } from '../../../src/map/config-format.js';
import { parseConfigText, readField, setConfigField } from '../../../src/probe/config-formats/config-text.js';

const TEXT = [
  '# planner settings',
  '! also a comment',
  'planner.horizon.hours = 48',
  'planner.name: nightly',
  'owner team a',
  'hosts = alpha, \\',
  '        beta',
  'greeting=caf\\u00e9',
  '',
].join('\n');

const edited = (text: string, name: string, value: unknown): string => {
  const result = setConfigField('properties', text, name, value);
  return result.ok ? result.text : `refused${result.line === undefined ? '' : ` at line ${result.line}`}: ${result.reason}`;
};

describe('Java .properties files', () => {
  it('are picked by their extension and read in all three separators, with comments, continuations and escapes', () => {
    expect(pickConfigFormat('conf/planner.properties', null)).toEqual({ format: 'properties', from: 'extension .properties' });
    const parsed = parseConfigText('properties', TEXT);
    expect(parsed).toEqual({ ok: true, value: { 'planner.horizon.hours': '48', 'planner.name': 'nightly', owner: 'team a', hosts: 'alpha, beta', greeting: 'café' } });
    const value = parsed.ok ? parsed.value : null;
    // A dotted key is one key, read by its declared type.
    expect(readField(value, 'planner.horizon.hours', 'properties', 'integer')).toEqual({ present: true, value: 48 });
    expect(readField(value, 'planner.missing', 'properties', 'integer')).toEqual({ present: false, value: undefined });
  });

  it('edits one value by a minimal text edit, keeping comments, separators and every other line', () => {
    expect(edited(TEXT, 'planner.horizon.hours', 24)).toBe(TEXT.replace('= 48', '= 24'));
    expect(edited(TEXT, 'planner.name', 'weekly')).toBe(TEXT.replace('nightly', 'weekly'));
    expect(edited(TEXT, 'owner', 'team b')).toBe(TEXT.replace('owner team a', 'owner team b'));
  });

  it('adds a missing key at the end, escaping what Java would read otherwise', () => {
    expect(edited(TEXT, 'planner.retries', 3)).toBe(`${TEXT}planner.retries=3\n`);
    expect(edited('a=1', 'path', 'C:\\tmp\\é')).toBe('a=1\npath=C:\\\\tmp\\\\\\u00e9\n');
  });

  it('leaves a value continued over lines, a repeated key and a key without a separator alone, saying why', () => {
    expect(edited(TEXT, 'hosts', 'gamma')).toBe('refused at line 6: `hosts` holds a value that may span lines');
    expect(edited('a=1\na=2\n', 'a', 3)).toBe('refused at line 2: `a` appears more than once; which one counts depends on the reader');
    expect(edited('# flags\nother=1\nflag\n', 'flag', 'on')).toBe('refused at line 3: `flag` is a bare key (no `=`, `:` or value after it, so Java reads it as empty); healmap does not rewrite the line around it');
  });
});
