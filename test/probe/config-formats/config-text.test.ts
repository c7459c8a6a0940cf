import { describe, expect, it } from 'vitest';
import type { ConfigFormat } from '../../../src/map/config-format.js';
import { newConfigText, parseConfigText, readField, setConfigField } from '../../../src/probe/config-formats/config-text.js';

function edit(format: ConfigFormat, text: string, name: string, value: unknown): string {
  const edited = setConfigField(format, text, name, value);
  if (!edited.ok) throw new Error(edited.reason);
  return edited.text;
}

function refusal(format: ConfigFormat, text: string, name: string, value: unknown): string {
  const edited = setConfigField(format, text, name, value);
  return edited.ok ? `edited: ${edited.text}` : edited.reason;
}

describe('JSON: one field changes, nothing else', () => {
  it('keeps big integers, 1e400, other keys and the compact layout when a field is replaced', () => {
    const text = '{"ratio":7,"id":12345678901234567890,"huge":1e400,"name":"x"}';
    expect(edit('json', text, 'ratio', 0.5)).toBe('{"ratio":0.5,"id":12345678901234567890,"huge":1e400,"name":"x"}');
  });

  it('adds a missing field on a line of its own, in the file\'s indentation, after a trailing comment', () => {
    expect(edit('json', '{\n\t"a": 1,\n\t"extra": [1]\n}\n', 'port', 9000)).toBe('{\n\t"a": 1,\n\t"extra": [1],\n\t"port": 9000\n}\n');
    expect(edit('jsonc', '{\n  // the host\n  "host": "x" // same line\n}\n', 'port', 80)).toBe('{\n  // the host\n  "host": "x", // same line\n  "port": 80\n}\n');
  });

  it('adds a missing field to a compact file without re-indenting it', () => {
    expect(edit('json', '{"a":1,"b":2}', 'c', 3)).toBe('{"a":1,"b":2,"c":3}');
    expect(edit('json', '{"a": 1, "b": 2}\n', 'c', 3)).toBe('{"a": 1, "b": 2, "c": 3}\n');
  });

  it('keeps duplicate keys, and refuses to edit a key that appears twice', () => {
    expect(edit('json', '{"a":1,"a":2,"b":"bad"}', 'b', 'ok')).toBe('{"a":1,"a":2,"b":"ok"}');
    expect(refusal('json', '{"a":1,"a":2}', 'a', 5)).toMatch(/appears more than once/);
  });

  it('accepts a UTF-8 byte order mark and keeps it', () => {
    const text = '\uFEFF{"port": "x"}\n';
    expect(parseConfigText('json', text)).toEqual({ ok: true, value: { port: 'x' } });
    expect(edit('json', text, 'port', 80)).toBe('\uFEFF{"port": 80}\n');
  });

  it('addresses nested values by dotted names, creating what is missing', () => {
    expect(edit('json', '{\n  "server": {\n    "host": "x"\n  }\n}\n', 'server.port', 80)).toBe('{\n  "server": {\n    "host": "x",\n    "port": 80\n  }\n}\n');
    expect(edit('json', '{\n  "x": 1\n}\n', 'server.port', 80)).toBe('{\n  "x": 1,\n  "server": {"port":80}\n}\n');
    expect(readField({ server: { port: 80 } }, 'server.port', 'json', 'integer')).toEqual({ present: true, value: 80 });
    expect(readField({ 'server.port': 1 }, 'server.port', 'json', 'integer')).toEqual({ present: true, value: 1 });
  });

  it('points a JSON error at its place, not at the end of the file', () => {
    const parsed = parseConfigText('json', '{\n  "a": 1,,\n  "b": 2\n}\n');
    expect(parsed).toMatchObject({ ok: false, error: { line: 2, column: 10 } });
  });
});

describe('YAML', () => {
  const text = '# service\nserver:\n  host: example.org # where\n  port: "80"\nlist: [1, 2]\nname: \'q\'\n';

  it('replaces one scalar, keeping comments, quotes elsewhere and flow lists', () => {
    expect(edit('yaml', text, 'server.port', 8080)).toBe(text.replace('"80"', '8080'));
  });

  it('adds a missing key on its own line at the map\'s indentation', () => {
    expect(edit('yaml', text, 'server.timeout', 5)).toBe(text.replace('  port: "80"\n', '  port: "80"\n  timeout: 5\n'));
    expect(edit('yaml', text, 'debug', false)).toBe(`${text}debug: false\n`);
  });

  it('refuses to edit a value behind an anchor or alias', () => {
    expect(refusal('yaml', 'base: &b 1\nother: *b\n', 'other', 2)).toMatch(/not a plain value|anchor/);
  });

  it('reports where a document does not parse', () => {
    expect(parseConfigText('yaml', 'a: 1\n b: [\n')).toMatchObject({ ok: false });
  });
});

describe('TOML', () => {
  const text = '# app\ntitle = "x" # name\n\n[server]\nport = "80"\nhosts = [\n  "a",\n  "b",\n]\n\n[db]\nurl = \'postgres://\'\n';

  it('replaces one value in its table, keeping comments and multi-line arrays', () => {
    expect(edit('toml', text, 'server.port', 8080)).toBe(text.replace('port = "80"', 'port = 8080'));
    expect(edit('toml', text, 'title', 'y')).toBe(text.replace('title = "x"', 'title = "y"'));
  });

  it('adds a key at the end of its table, a root key before the first table, a new table at the end', () => {
    expect(edit('toml', text, 'server.timeout', 5)).toBe(text.replace('  "b",\n]\n', '  "b",\n]\ntimeout = 5\n'));
    expect(edit('toml', text, 'debug', true)).toBe(text.replace('title = "x" # name\n', 'title = "x" # name\ndebug = true\n'));
    expect(edit('toml', text, 'cache.size', 10)).toBe(`${text}\n[cache]\nsize = 10\n`);
  });

  it('reports a parse error with its line', () => {
    expect(parseConfigText('toml', 'a = 1\nb = \n')).toMatchObject({ ok: false, error: { line: 2 } });
  });
});

describe('INI, .env and key value files', () => {
  it('INI: edits `section.key` in place, comments kept', () => {
    const text = '; global\nname = app\n\n[server]\nport = abc ; the port\nhost = x\n';
    expect(edit('ini', text, 'server.port', 8080)).toBe(text.replace('port = abc', 'port = 8080'));
    expect(edit('ini', text, 'server.timeout', 5)).toBe(text.replace('host = x\n', 'host = x\ntimeout = 5\n'));
    expect(readField(parseOk('ini', text), 'server.port', 'ini', 'integer')).toEqual({ present: true, value: 'abc' });
    expect(readField(parseOk('ini', 'n = 42\n'), 'n', 'ini', 'integer')).toEqual({ present: true, value: 42 });
  });

  it('.env: edits one line, keeps `export`, comments and other lines', () => {
    const text = '# env\nexport PORT=abc # http\nNAME="my app"\n';
    expect(edit('env', text, 'PORT', 8080)).toBe(text.replace('PORT=abc', 'PORT=8080'));
    expect(edit('env', text, 'DEBUG', 'a b')).toBe(`${text}DEBUG='a b'\n`);
  });

  it('key value (redis.conf): edits one directive, keeps repeated ones and comments', () => {
    const text = '# redis\nport abc\nsave 900 1\nsave 300 10\nappendonly no\n';
    expect(parseOk('key-value', text)).toEqual({ port: 'abc', save: '300 10', appendonly: 'no' });
    expect(edit('key-value', text, 'port', 6380)).toBe(text.replace('port abc', 'port 6380'));
    expect(edit('key-value', text, 'appendonly', true)).toBe(text.replace('appendonly no', 'appendonly yes'));
    expect(edit('key-value', text, 'maxmemory', '100mb')).toBe(`${text}maxmemory 100mb\n`);
    expect(refusal('key-value', text, 'save', '60 1')).toMatch(/more than once/);
    expect(readField(parseOk('key-value', text), 'appendonly', 'key-value', 'boolean')).toEqual({ present: true, value: false });
  });

  it('key value with `=` (bitcoin.conf): reads and edits `key=value` lines, and a new key takes the file\'s style', () => {
    const text = '# bitcoind\nserver=1\nrpcport = 8332\nrpcauth=user:abc=def\n';
    expect(parseOk('key-value', text)).toEqual({ server: '1', rpcport: '8332', rpcauth: 'user:abc=def' });
    expect(edit('key-value', text, 'rpcport', 18332)).toBe(text.replace('8332', '18332'));
    expect(edit('key-value', text, 'txindex', 1)).toBe(`${text}txindex=1\n`);
    // A redis directive whose value holds `=` is still a `key value` line.
    expect(parseOk('key-value', 'requirepass a=b\n')).toEqual({ requirepass: 'a=b' });
    expect(edit('key-value', 'requirepass a=b\n', 'requirepass', 'c')).toBe('requirepass c\n');
  });

  it('key value: a file of `{` blocks (nginx.conf) does not parse as key value lines', () => {
    expect(parseConfigText('key-value', 'events {\n}\nhttp {\n  server { listen 80; }\n}\n')).toMatchObject({ ok: false, error: { line: 1 } });
  });
});

describe('new files', () => {
  it.each([
    ['json', '{\n  "port": 80,\n  "server": {\n    "host": "x"\n  }\n}\n'],
    ['yaml', 'port: 80\nserver:\n  host: "x"\n'],
    ['toml', 'port = 80\n\n[server]\nhost = "x"\n'],
    ['ini', 'port = 80\n\n[server]\nhost = x\n'],
    ['env', 'port=80\nserver.host=x\n'],
    ['key-value', 'port 80\nserver.host x\n'],
  ] as [ConfigFormat, string][])('%s holds only the defaults', (format, expected) => {
    expect(newConfigText(format, [{ name: 'port', value: 80 }, { name: 'server.host', value: 'x' }])).toEqual({ ok: true, text: expected });
  });
});

function parseOk(format: ConfigFormat, text: string): unknown {
  const parsed = parseConfigText(format, text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}
