// Moved to src/fs/write-file-atomic.ts (shared plumbing, not a repair); this re-export keeps
// imports written before the move compiling until their callers move.
export * from '../fs/write-file-atomic.js';
