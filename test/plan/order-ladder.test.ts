import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER, orderLadder } from '../../src/plan/order-ladder.js';

const lesson = { cases: 5, rungs: { restart: { tried: 3, fixed: 0 }, 'restart-with-dependents': { tried: 2, fixed: 1 }, rollback: { tried: 5, fixed: 4 } } };

describe('ordering the ladder by lessons', () => {
  it('keeps the default order until five incidents of the kind have closed', () => {
    expect(orderLadder({ rungs: DEFAULT_LADDER, scores: { ...lesson, cases: 4 } })).toEqual({ order: [...DEFAULT_LADDER], reason: null });
    expect(orderLadder({ rungs: DEFAULT_LADDER })).toEqual({ order: [...DEFAULT_LADDER], reason: null });
  });

  it('tries the rung that fixed the fault most often first, keeps every rung, and says why', () => {
    const choice = orderLadder({ rungs: DEFAULT_LADDER, scores: lesson });
    expect(choice.order).toEqual(['rollback', 'restart-with-dependents', 'restart']);
    expect(choice.reason).toBe('config rollback fixed this 4 of 5 times; restart with dependents 1 of 2; restart 0 of 3 (5 past incidents like this)');
  });

  it('explores the default order every fifth incident so a stale lesson fades', () => {
    const choice = orderLadder({ rungs: DEFAULT_LADDER, scores: { ...lesson, cases: 9 } });
    expect(choice.order).toEqual([...DEFAULT_LADDER]);
    expect(choice.reason).toMatch(/^exploring the default order/);
    expect(orderLadder({ rungs: DEFAULT_LADDER, scores: { ...lesson, cases: 10 } }).order[0]).toBe('rollback');
  });

  it('rolls back first after a config change, even with no lessons', () => {
    expect(orderLadder({ rungs: DEFAULT_LADDER, configChangedJustBefore: true }).order).toEqual(['rollback', 'restart', 'restart-with-dependents']);
    expect(orderLadder({ rungs: ['restart', 'restart-with-dependents'], configChangedJustBefore: true }).order).toEqual(['restart', 'restart-with-dependents']);
  });
});
