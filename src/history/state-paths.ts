// Moved to src/fs/state-paths.ts (where things live on disk sits below probe/ and repair/); this
// re-export keeps imports written before the move compiling until their callers move.
export * from '../fs/state-paths.js';
