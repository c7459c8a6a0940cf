/**
 * Reads a folder named in a cell or phrase as the path it is: `the data/exports folder`, `files in
 * \`data/exports/\``, `exports directory (\`data/exports\`)`, `data/exports dir`, `archive/old/`.
 * Without this the words around the path made it prose or an outside system. healmap's model has
 * no folder kind: the folder is a file node at its path marked `folder` (the trailing slash kept here
 * says so), its mtime changing as entries come and go.
 */
import { splitList } from './parse-values.js';
import { isNameLike, isPathLike, plainOf } from './read-text.js';

// Words that say a path is a folder, not a file.
const FOLDER_WORD = /\b(folders?|director(?:y|ies)|dirs?|drop ?box|spool)\b/i;
// A path token, a trailing slash allowed (`data/exports/`), in code or bare.
// A bare token ends where its word does: `out/` followed by more of a name (`out/<b>.txt`) is no folder.
const PATH_TOKEN = /`([^`\s]+)`|(?<![\w./:@-])(\.{0,2}\/?[\w.-]+(?:\/[\w.-]+)*\/?)(?=$|\s|[,;:)\]!?"'*_]|\.(?:\s|$))/g;

/** The folder's path a phrase names, with one trailing slash (it says a folder); null when it names no folder or more than one path. */
export function findDirectoryPath(marked: string): string | null {
  const paths = [...marked.matchAll(PATH_TOKEN)]
    .map((m) => (m[1] ?? m[2] ?? '').trim())
    .filter((token) => isFolderPath(token) && (token.endsWith('/') || FOLDER_WORD.test(plainOf(marked))))
    .map((token) => `${token.replace(/\/+$/, '')}/`);
  const unique = [...new Set(paths)];
  return unique.length === 1 ? (unique[0] ?? null) : null;
}

// A path a folder can have: any path with a trailing slash (`exports/`), else a path with no file extension.
function isFolderPath(token: string): boolean {
  const bare = token.replace(/\/+$/, '');
  if (bare === '' || /^https?:/.test(token)) return false;
  if (token.endsWith('/')) return /^\.{0,2}\/?[\w.-]+(?:\/[\w.-]+)*$/.test(bare);
  return isPathLike(bare) && !/\.[A-Za-z]\w{0,7}$/.test(bare.split('/').pop() ?? '');
}

/** A cell listing references with each folder phrase in it replaced by the folder's path (`the data/exports folder, db` -> `data/exports/, db`). */
export function readFolderCell(text: string): string {
  const parts = splitList(text);
  if (!parts.some((part) => !isPlainRef(part) && findDirectoryPath(part) !== null)) return text;
  return parts.map((part) => (isPlainRef(part) ? part : (findDirectoryPath(part) ?? part))).join(', ');
}

function isPlainRef(part: string): boolean {
  const text = part.replace(/`/g, '').trim();
  return isPathLike(text) || isNameLike(text);
}
