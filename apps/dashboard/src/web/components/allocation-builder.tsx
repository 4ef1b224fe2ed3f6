import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { actionHeaders, answer, client } from '../api-client.ts';
import { pct, when } from '../format.ts';
import { invalidateAll } from '../queries.ts';
import { useAllocationStatus, useComparison } from '../strategy-queries.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { Empty, Panel } from './panel.tsx';
import { weightsText } from './strategy-panel.tsx';

interface Row {
  key: number;
  symbol: string;
  weight: string;
}

/** How long typing must pause before the draft is checked against the broker and the history. */
const CHECK_AFTER_MS = 300;

let nextKey = 0;
const rowsOf = (targets: Record<string, number>): Row[] =>
  Object.entries(targets).map(([symbol, weight]) => ({
    key: nextKey++,
    symbol,
    weight: String(Math.round(weight * 1000) / 10),
  }));

/** The draft as percentages, and what is wrong with it before the server is asked (the total, a blank). */
function draftOf(rows: readonly Row[]): { weightsPct: Record<string, number>; problems: string[] } {
  const weightsPct: Record<string, number> = {};
  const problems: string[] = [];
  for (const row of rows) {
    const symbol = row.symbol.trim().toUpperCase();
    if (symbol === '') continue;
    const weight = Number(row.weight);
    if (row.weight.trim() === '' || !Number.isFinite(weight) || weight < 0 || weight > 100)
      problems.push(`${symbol}: give a weight from 0 to 100 %`);
    else if (symbol in weightsPct) problems.push(`${symbol} is given twice; give it once`);
    else weightsPct[symbol] = weight;
  }
  const total = Object.values(weightsPct).reduce((sum, weight) => sum + weight, 0);
  if (Object.keys(weightsPct).length === 0) problems.push('Add at least one symbol');
  else if (Math.abs(total - 100) > 1e-9)
    problems.push(`The weights total ${Math.round(total * 100) / 100} %; they must total exactly 100 %`);
  return { weightsPct, problems };
}

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The pending badge: an applied allocation no cycle has traded with yet. */
export function PendingBadge() {
  const status = useAllocationStatus();
  const change = status.data?.lastChange;
  if (!status.data?.pendingSince || !change) return null;
  return (
    <p className="pending" role="status" data-testid="allocation-pending">
      <span className="badge">pending</span> {weightsText(change.to.targets)}, set by {change.by}{' '}
      {when(change.at)}: the next cycle trades toward it.
    </p>
  );
}

/**
 * Build an allocation of any symbols the broker trades: checked as you type (total, tradable, history), a
 * preview backtest, and "apply" after a confirmation that states exactly what changes.
 */
export function AllocationBuilder(props: { current: Record<string, number>; csrfToken: string | null }) {
  const queryClient = useQueryClient();
  const [rows, setRows] = useState<Row[]>(() => rowsOf(props.current));
  const [confirming, setConfirming] = useState(false);
  const local = draftOf(rows);
  const draftKey = JSON.stringify(local.weightsPct);
  const settledKey = useDebounced(draftKey, CHECK_AFTER_MS);
  const { csrfToken } = props;
  // The presets, from the comparison the strategy panel shows (the same cached query).
  const presets = (useComparison({}).data?.comparison.strategies ?? []).filter((figures) => !figures.current);
  const check = useQuery({
    queryKey: ['allocation-check', settledKey],
    queryFn: () =>
      answer(
        client.api.allocation.check.$post(
          { json: { weightsPct: JSON.parse(settledKey) as Record<string, number> } },
          actionHeaders(csrfToken ?? ''),
        ),
      ),
    enabled: csrfToken !== null && local.problems.length === 0 && settledKey === draftKey,
    retry: false,
    staleTime: 60_000,
  });
  const apply = useMutation({
    mutationFn: () =>
      answer(
        client.api.allocation.apply.$post(
          { json: { weightsPct: local.weightsPct } },
          actionHeaders(csrfToken ?? ''),
        ),
      ),
    onSuccess: () => {
      setConfirming(false);
      invalidateAll(queryClient);
    },
  });
  const verdict = local.problems.length === 0 && settledKey === draftKey ? check.data : undefined;
  const problems = local.problems.length > 0 ? local.problems : (verdict?.problems ?? []);
  const figures = verdict?.preview?.strategies[0];
  const update = (key: number, field: 'symbol' | 'weight', value: string) =>
    setRows((before) => before.map((row) => (row.key === key ? { ...row, [field]: value } : row)));
  const blocked =
    csrfToken === null
      ? 'Sign in with the token to change the allocation'
      : problems.length > 0
        ? 'Fix the draft first'
        : !verdict
          ? 'Checking the draft…'
          : null;
  return (
    <Panel id="allocation-builder" title="Build your allocation" wide>
      <PendingBadge />
      <p className="muted">Now: {weightsText(props.current)}</p>
      {presets.length > 0 ? (
        <label>
          Start from a preset
          <select
            value=""
            onChange={(event) => {
              const preset = presets.find((figures) => figures.id === event.target.value);
              if (preset) setRows(rowsOf(preset.targets));
            }}
          >
            <option value="">(keep the draft)</option>
            {presets.map((figures) => (
              <option key={figures.id} value={figures.id}>
                {figures.id}: {weightsText(figures.targets)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <fieldset className="draft">
        <legend>Draft (percent of the portfolio)</legend>
        {rows.map((row, index) => (
          <div className="draft-row" key={row.key}>
            <input
              aria-label={`Symbol ${index + 1}`}
              value={row.symbol}
              maxLength={12}
              autoCapitalize="characters"
              onChange={(event) => update(row.key, 'symbol', event.target.value)}
            />
            <input
              aria-label={`Weight of symbol ${index + 1} (%)`}
              inputMode="decimal"
              value={row.weight}
              onChange={(event) => update(row.key, 'weight', event.target.value)}
            />
            <span aria-hidden="true">%</span>
            <button
              type="button"
              aria-label={`Remove symbol ${index + 1}`}
              onClick={() => setRows((before) => before.filter((other) => other.key !== row.key))}
            >
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          onClick={() => setRows((before) => [...before, { key: nextKey++, symbol: '', weight: '' }])}
        >
          Add a symbol
        </button>
      </fieldset>
      {problems.length > 0 ? (
        <ul className="form-error" role="alert" data-testid="draft-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      {check.error && local.problems.length === 0 ? <Empty kind="error">{check.error.message}</Empty> : null}
      {verdict ? (
        <div data-testid="draft-preview">
          {[...verdict.notes, ...verdict.symbols.flatMap((symbol) => symbol.notes)].map((note) => (
            <p key={note} className="muted">
              Note: {note}
            </p>
          ))}
          {figures && verdict.preview ? (
            <p>
              Preview, {verdict.preview.dates[0]} to {verdict.preview.dates.at(-1)} with your policy: CAGR{' '}
              {pct(figures.cagr, 2)}, volatility {pct(figures.volatility, 1)}, max drawdown −
              {(figures.maxDrawdown * 100).toFixed(1)} %, Sharpe {figures.sharpe.toFixed(2)}.
            </p>
          ) : (
            <p className="muted">No preview: {verdict.previewNote}</p>
          )}
        </div>
      ) : null}
      {blocked && problems.length === 0 ? <p className="muted">{blocked}</p> : null}
      <button
        type="button"
        className="primary"
        disabled={blocked !== null}
        onClick={() => {
          apply.reset();
          setConfirming(true);
        }}
      >
        Apply…
      </button>
      {apply.data?.kind === 'applied' ? (
        <p role="status" data-testid="allocation-applied">
          Applied: written to {apply.data.change.configPath}
          {apply.data.change.backupPath ? ` (previous kept as ${apply.data.change.backupPath})` : ''}.
        </p>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title="Change the target allocation"
          confirmLabel="Apply the allocation"
          busy={apply.isPending}
          error={apply.error?.message ?? null}
          onConfirm={() => apply.mutate()}
          onCancel={() => setConfirming(false)}
        >
          <p>
            From <strong>{weightsText(props.current)}</strong>
          </p>
          <p>
            To{' '}
            <strong>
              {weightsText(
                Object.fromEntries(Object.entries(local.weightsPct).map(([s, w]) => [s, w / 100])),
              )}
            </strong>
          </p>
          <p>
            The config file is rewritten (the previous one kept as a backup) and the change is recorded in the
            history as made from the dashboard. Nothing is traded now: the next cycle trades toward it.
          </p>
        </ConfirmDialog>
      ) : null}
    </Panel>
  );
}
