import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';
import { stripDecoration, stripMarkedDecoration } from '../../src/map/strip-decoration.js';

describe('decorated names and labels', () => {
  it('reads components under emoji headings with emoji-led key bullets', async () => {
    const map = await loadMapText([
      '# 🎙️ Castway', '', '## 🧩 The pieces', '', '### 📥 feed_fetcher', 'Downloads episodes.', '',
      '- ▶️ **Run it:** `python fetch_feeds.py --opml feeds.opml`', '- 🔒 **Lock:** `run/fetcher.lock` — one at a time', '',
      '### 📊 stats_api', '', '- ▶️ **Run it:** `deno run --allow-net stats.ts`', '- 🔌 **Port:** 7300', '- ❤️ **Health:** `http://127.0.0.1:7300/healthz`', '',
    ].join('\n'), { mapPath: '/tmp/healmap-emoji/ARCHITECTURE_MAP.md', label: 'MAP' });
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(map.model.workers.map((w) => [w.name, w.command, w.lock, w.port, w.health?.target ?? null])).toEqual([
      ['feed_fetcher', 'python fetch_feeds.py --opml feeds.opml', 'run/fetcher.lock', null, null],
      ['stats_api', 'deno run --allow-net stats.ts', null, 7300, 'http://127.0.0.1:7300/healthz'],
    ]);
  });

  it('drops leading pictographs and symbols, keeps a text that is only a symbol', () => {
    expect(stripDecoration('📥 feed_fetcher')).toBe('feed_fetcher');
    expect(stripDecoration('▶️ **Run it:** `x`')).toBe('**Run it:** `x`');
    expect(stripDecoration('✅ yes')).toBe('yes');
    expect(stripDecoration('✅')).toBe('✅');
    expect(stripDecoration('Status 🟢', true)).toBe('Status');
    expect(stripDecoration('a → b')).toBe('a → b');
    expect(stripMarkedDecoration('**📥 feed** — `cmd`')).toBe('**feed** — `cmd`');
    expect(stripMarkedDecoration('`run/x.pid`')).toBe('`run/x.pid`');
  });
});
