/**
 * Faults the simulator can inject into one request:
 * - `5xx`: answer 503 without doing anything; `429`: rate-limited without doing anything;
 * - `reset`: drop the connection without doing anything; `timeout`: do the work, then hold the answer;
 * - `answer-lost`: do the work (e.g. create the order), then drop the connection;
 * - `malformed`: do the work, then answer a body that is not a valid answer;
 * - `late-visibility` (on order creation): the new order is invisible to the next few lookups;
 * - `async-reject` (on order creation): the order is accepted, then turns `rejected` instead of filling.
 */
export type FaultKind =
  | '5xx'
  | '429'
  | 'reset'
  | 'timeout'
  | 'answer-lost'
  | 'malformed'
  | 'late-visibility'
  | 'async-reject';

/** Every fault kind, for schedules and CLI validation. */
export const FAULT_KINDS: readonly FaultKind[] = [
  '5xx',
  '429',
  'reset',
  'timeout',
  'answer-lost',
  'malformed',
  'late-visibility',
  'async-reject',
];

/** A request as the fault plan sees it: `METHOD /path` without the query, e.g. `POST /v2/orders`. */
export type FaultRoute = string;

/** Per-request switchable faults: one-shot queues per route and seeded probabilistic rules. */
export interface FaultPlan {
  /** Inject `fault` into the next request matching `route` (`*` matches any path; `GET *` any GET). */
  next(route: FaultRoute, fault: FaultKind, times?: number): void;
  /** Inject `fault` into each matching request with `probability`, drawn from the simulator's seeded PRNG. */
  always(route: FaultRoute, fault: FaultKind, probability?: number): void;
  /** Remove every queued fault and rule. */
  clear(): void;
  /** Consume the fault for this request, if any (called by the transports). */
  take(method: string, path: string): FaultKind | null;
}

function matches(pattern: FaultRoute, method: string, path: string): boolean {
  if (pattern === '*') return true;
  const [patternMethod = '', patternPath = ''] = pattern.split(' ');
  if (patternMethod !== '*' && patternMethod.toUpperCase() !== method.toUpperCase()) return false;
  if (patternPath === '*') return true;
  if (patternPath.endsWith('*')) return path.startsWith(patternPath.slice(0, -1));
  return patternPath === path;
}

/** Create an empty fault plan; `random` decides probabilistic rules. */
export function createFaultPlan(random: () => number): FaultPlan {
  let queued: { route: FaultRoute; fault: FaultKind }[] = [];
  let rules: { route: FaultRoute; fault: FaultKind; probability: number }[] = [];
  return {
    next(route, fault, times = 1) {
      for (let i = 0; i < times; i += 1) queued.push({ route, fault });
    },
    always(route, fault, probability = 1) {
      rules.push({ route, fault, probability });
    },
    clear() {
      queued = [];
      rules = [];
    },
    take(method, path) {
      const index = queued.findIndex((entry) => matches(entry.route, method, path));
      if (index >= 0) return queued.splice(index, 1)[0]?.fault ?? null;
      for (const rule of rules) {
        if (matches(rule.route, method, path) && random() < rule.probability) return rule.fault;
      }
      return null;
    },
  };
}
