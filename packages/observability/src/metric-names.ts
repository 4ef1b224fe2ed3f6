import type { MetricType } from './metric-definitions.ts';

/** Unit suffixes a Dalio Lite metric may end in (base units only: seconds, not days or milliseconds). */
export const METRIC_UNIT_SUFFIXES = ['_seconds', '_bytes', '_ratio', '_dollars'] as const;

const NON_BASE_UNITS = /_(milliseconds|ms|minutes|hours|days|kilobytes|megabytes|percent|pct|usd)(_|$)/;
const HIGH_CARDINALITY_LABELS = new Set([
  'cycle_id',
  'cycleid',
  'client_order_id',
  'order_id',
  'day',
  'date',
  'timestamp',
  'message',
  'reason_text',
  'error',
  'account_id',
  'url',
  'path',
]);

/**
 * What is wrong with a metric's name and labels under the Prometheus naming rules Dalio Lite follows:
 * a `dalio_` prefix, snake_case, base units, counters ending in `_total` (and only counters), `_info` for
 * build information, `*_timestamp_seconds` for times, and no label that grows without bound. Empty = fine.
 */
export function metricNameProblems(name: string, type: MetricType, labelNames: readonly string[]): string[] {
  const problems: string[] = [];
  if (!name.startsWith('dalio_')) problems.push(`${name}: must start with dalio_`);
  if (!/^[a-z][a-z0-9_]*$/.test(name) || name.includes('__'))
    problems.push(`${name}: must be lower snake_case`);
  if (NON_BASE_UNITS.test(name)) problems.push(`${name}: use base units (_seconds, _bytes, _ratio)`);
  if (type === 'counter' && !name.endsWith('_total')) problems.push(`${name}: a counter must end in _total`);
  if (type !== 'counter' && name.endsWith('_total')) problems.push(`${name}: only counters end in _total`);
  if (name.endsWith('_info') && type !== 'gauge') problems.push(`${name}: an _info metric is a gauge`);
  if (/_timestamp$/.test(name) || (name.includes('_timestamp_') && !name.endsWith('_timestamp_seconds'))) {
    problems.push(`${name}: a time is *_timestamp_seconds`);
  }
  if (type === 'histogram' && !METRIC_UNIT_SUFFIXES.some((suffix) => name.endsWith(suffix))) {
    problems.push(`${name}: a histogram names its unit (${METRIC_UNIT_SUFFIXES.join(', ')})`);
  }
  for (const label of labelNames) {
    if (!/^[a-z][a-z0-9_]*$/.test(label)) problems.push(`${name}: label ${label} must be lower snake_case`);
    if (label === 'le' || label === 'quantile') problems.push(`${name}: label ${label} is reserved`);
    if (HIGH_CARDINALITY_LABELS.has(label))
      problems.push(`${name}: label ${label} has unbounded values (high cardinality)`);
  }
  return problems;
}
