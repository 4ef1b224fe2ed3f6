export {
  type Account,
  type AccountStatus,
  type AssetInfo,
  accountCanTrade,
  BROKER_VENUES,
  type BrokerVenue,
  type CalendarDay,
  isTerminalOrderStatus,
  type LatestPrice,
  type MarketClock,
  ORDER_STATUSES,
  type Order,
  type OrderAmount,
  type OrderRequest,
  type OrderSide,
  type OrderStatus,
  type Position,
  TERMINAL_ORDER_STATUSES,
} from './broker-types.ts';
export { type CalendarPeriod, daysBetween, isoDateToUtcMs, periodKey } from './calendar-dates.ts';
export { computeDrift, type DriftReport, type SymbolDrift } from './drift.ts';
export {
  isTradingDay,
  type MarketSession,
  marketSession,
  newYorkDate,
  newYorkInstant,
  nextTradingDay,
  previousTradingDay,
  tradingDaysBetween,
} from './market-calendar.ts';
export { floorCents, floorQty, formatQty, formatUsd, parseDecimal } from './money.ts';
export { type BuyLeg, buyLeg, costOf, type FittedBuys, fitBuys } from './order-sizing.ts';
export {
  cagr,
  compareToBenchmark,
  computePerformance,
  dailyReturns,
  type PerformanceStats,
  TRADING_DAYS_PER_YEAR,
  type ValueSeries,
} from './performance.ts';
export {
  type BandBreach,
  DEFAULT_POLICY,
  decideRebalance,
  findBreaches,
  formatPoints,
  type HoldCode,
  type PolicyDecision,
  type PolicyInput,
  type RebalancePolicy,
} from './policy.ts';
export {
  type Holding,
  holdingValueUsd,
  type PortfolioSnapshot,
  portfolioEquityUsd,
  priceOf,
  qtyOf,
} from './portfolio.ts';
export { DEFAULT_PRESET, isPresetName, PRESETS, type Preset, type PresetName } from './presets.ts';
export {
  evaluateRebalance,
  type HoldDecision,
  type RebalanceEvaluation,
  type RebalanceInput,
  type TradeDecision,
} from './rebalance-decision.ts';
export {
  bandHalfWidth,
  cashReserveUsd,
  DEFAULT_PLAN_OPTIONS,
  type DroppedOrder,
  type PlanInput,
  type PlannedOrder,
  type PlanOptions,
  planRebalance,
  type RebalancePlan,
} from './rebalance-plan.ts';
export { err, ok, type Result } from './result.ts';
export {
  type BreakerInput,
  type BreakerOutcome,
  type BreakerState,
  checkBreakers,
  checkOrderRisk,
  DEFAULT_RISK_LIMITS,
  type OrderRiskInput,
  type RiskDecision,
  type RiskLimits,
  type TrippedBreaker,
} from './risk-rules.ts';
export {
  normalizeTargets,
  SYMBOL_PATTERN,
  type Targets,
  targetSymbols,
  WEIGHT_SUM_TOLERANCE,
} from './targets.ts';
