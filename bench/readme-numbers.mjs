// Copies bench/results.md (without the raw trials) into README.md between the bench markers.
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const results = readFileSync(new URL('bench/results.md', root), 'utf8')
  .split('\n')
  .filter((line) => !line.startsWith('Raw trials') && !line.startsWith('# healmap benchmark'))
  .map((line) => line.replace(/^## /, '#### '))
  .join('\n')
  .trim();
const readme = readFileSync(new URL('README.md', root), 'utf8');
const start = '<!-- bench:start -->';
const end = '<!-- bench:end -->';
writeFileSync(new URL('README.md', root), `${readme.slice(0, readme.indexOf(start) + start.length)}\n${results}\n${readme.slice(readme.indexOf(end))}`);
