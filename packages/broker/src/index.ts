export {
  type AlpacaBrokerEvent,
  type AlpacaBrokerOptions,
  createAlpacaBroker,
} from './alpaca/alpaca-broker.ts';
export type {
  Broker,
  CancelOutcome,
  CloseAllOptions,
  CloseOutcome,
  DailyBar,
  DailyBarsQuery,
  ListOrdersQuery,
  OrderListStatus,
  SubmitOrderResult,
} from './broker.ts';
export { parseDecimalString, toDecimalString, toUsdString } from './decimal.ts';
export { BrokerRequestError, BrokerResponseError, BrokerUnavailableError } from './errors.ts';
export { createRateLimiter, type RateLimiter } from './http/rate-limiter.ts';
export { simAccountIdForKey } from './http/sim-account-id.ts';
export {
  createSimulatorApp,
  createSimulatorFetch,
  DROP_CONNECTION_HEADER,
  type SimulatorAppOptions,
} from './http/sim-app.ts';
export { type SimulatorServer, startSimulatorServer } from './http/sim-server.ts';
export {
  createFaultPlan,
  FAULT_KINDS,
  type FaultKind,
  type FaultPlan,
  type FaultRoute,
} from './simulator/fault-plan.ts';
export {
  createHistoryPriceFeed,
  createModelPriceFeed,
  type ModelPriceFeedOptions,
  type PriceFeed,
} from './simulator/price-feed.ts';
export { createSeededRandom, type SeededRandom } from './simulator/prng.ts';
export type { SimAccountView, SimPositionView } from './simulator/sim-account-view.ts';
export { createSimulatorBroker, type SimulatorBrokerOptions, toCoreOrder } from './simulator/sim-broker.ts';
export {
  createSimClock,
  type SimClock,
  type SimClockMode,
  type SimClockOptions,
} from './simulator/sim-clock.ts';
export {
  ALPACA_CONSISTENCY,
  DEFAULT_CONSISTENCY,
  IMMEDIATE_CONSISTENCY,
  type SimConsistency,
  type SimWindow,
} from './simulator/sim-consistency.ts';
export type { SimEvent } from './simulator/sim-event.ts';
export {
  createFileSimStore,
  type FileSimStoreOptions,
  SIM_STATE_FILE,
} from './simulator/sim-file-store.ts';
export type { SimAccountType } from './simulator/sim-margin.ts';
export type { SimClockView } from './simulator/sim-market-view.ts';
export type { SimSubmitOutcome } from './simulator/sim-order-desk.ts';
export type { SimListParams, SimListQuery } from './simulator/sim-order-queries.ts';
export type { SimAsset, SimOrderInput, SimRejection } from './simulator/sim-order-rules.ts';
export type {
  SimAccount,
  SimCharge,
  SimFill,
  SimOrder,
  SimPosition,
  SimState,
  SimStore,
} from './simulator/sim-state.ts';
export { createSimulator, type Simulator, type SimulatorOptions } from './simulator/simulator.ts';
