// A plain Node script (no TypeScript, no build step of its own) using the built @dalio-lite/core:
// it plans a rebalance of a drifted portfolio and checks the plan is sane. Run: node examples/core-plan.mjs
import assert from 'node:assert/strict';
import { DEFAULT_PLAN_OPTIONS, DEFAULT_POLICY, evaluateRebalance, PRESETS } from '@dalio-lite/core';

const evaluation = evaluateRebalance({
  snapshot: {
    cashUsd: 500,
    holdings: [
      { symbol: 'VTI', qty: 30, priceUsd: 327.18 },
      { symbol: 'TLT', qty: 40, priceUsd: 88.9 },
      { symbol: 'GLD', qty: 5, priceUsd: 346.74 },
      { symbol: 'DBC', qty: 60, priceUsd: 22.81 },
    ],
  },
  targets: PRESETS['dalio-lite'].targets,
  policy: DEFAULT_POLICY,
  plan: DEFAULT_PLAN_OPTIONS,
  today: '2025-09-26',
  lastRebalanceDay: null,
});

assert.equal(evaluation.decision.kind, 'trade');
assert.ok(
  evaluation.plan.sells.some((order) => order.symbol === 'VTI'),
  'VTI is overweight and is sold',
);
assert.ok(
  evaluation.plan.buys.some((order) => order.symbol === 'GLD'),
  'GLD is underweight and is bought',
);
console.log(evaluation.decision.reason);
for (const order of [...evaluation.plan.sells, ...evaluation.plan.buys]) {
  console.log(`${order.side} ${order.symbol} ${JSON.stringify(order.amount)}`);
}
console.log('examples/core-plan.mjs: ok');
