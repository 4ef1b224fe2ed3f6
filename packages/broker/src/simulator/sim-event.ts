import type { SimRejection } from './sim-order-rules.ts';
import type { SimFill, SimOrder } from './sim-state.ts';

/** Something that happened inside the simulator, for logs and demos. */
export type SimEvent =
  | { type: 'order-accepted'; order: SimOrder }
  | { type: 'order-rejected'; accountId: string; clientOrderId: string | null; rejection: SimRejection }
  | { type: 'fill'; fill: SimFill };
