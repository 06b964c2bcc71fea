import { describe, expect, it } from 'vitest';
import { createGraph, learnFromMessage, mentionedServices, producersOf } from '../../src/engine/graph.js';

describe('service graph', () => {
  const known = ['orders', 'orders-api', 'billing', 'web'];

  it('matches whole service names, longest first', () => {
    expect(mentionedServices('orders-api call failed: 504', known)).toEqual(['orders-api']);
    expect(mentionedServices('reordersx is fine', known)).toEqual([]);
  });

  it('learns consumer -> producer edges from error text and follows them', () => {
    const g = createGraph();
    learnFromMessage(g, 'web', 'Upstream orders-api returned 500', known);
    learnFromMessage(g, 'orders-api', 'billing unavailable', known);
    expect(producersOf(g, 'web')).toEqual(
      new Map([
        ['orders-api', 1],
        ['billing', 2],
      ]),
    );
    expect(producersOf(g, 'billing').size).toBe(0);
  });
});
