export { type AlignedPrices, alignPriceHistory } from './align-price-history.ts';
export { BUNDLED_PRICES_DIR } from './bundled-prices-dir.ts';
export {
  type LoadPriceHistoryOptions,
  loadPriceHistory,
  type PriceHistory,
  type PriceSeries,
  parseSeries,
} from './load-price-history.ts';
export { PriceDataError } from './price-data-error.ts';
