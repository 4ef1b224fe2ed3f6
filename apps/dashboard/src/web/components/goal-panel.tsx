import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { actionHeaders, answer, client, type GoalAnswer } from '../api-client.ts';
import { pct, usd, usdRound } from '../format.ts';
import { useGoal } from '../strategy-queries.ts';
import { EquityChart } from './equity-chart.tsx';
import { Empty, Panel } from './panel.tsx';

type Review = NonNullable<GoalAnswer['review']>;

const STANDING = {
  ahead: 'ahead of the plan (above its median)',
  'on-track': 'on track (between the plan’s 25th percentile and median)',
  behind: 'behind the plan (between its 10th and 25th percentile)',
  'well-behind': 'well behind the plan (below its 10th percentile)',
} as const;

/** The projection, the chance, the contribution needed and the progress of a goal. */
function GoalReview(props: {
  review: Review;
  method: string[];
  valueError: string | null;
  themeVersion: number;
}) {
  const { review, method } = props;
  const { goal, projection, progress } = review;
  const bands = useMemo(
    () =>
      projection
        ? (['p10', 'p25', 'p50', 'p75', 'p90'] as const).map((key) => ({
            name: `${key.slice(1)}th percentile`,
            values: projection.points.map((point) => point[key]),
          }))
        : [],
    [projection],
  );
  return (
    <>
      <dl className="facts" data-testid="goal-summary">
        <dt>Goal</dt>
        <dd>
          {usd(goal.amountUsd)} (dollars of {goal.startDate}) by {goal.targetDate}, adding{' '}
          {usd(goal.monthlyUsd)} a month; inflation {goal.inflationPct} %/yr
        </dd>
        <dt>Chance of reaching it</dt>
        <dd data-testid="goal-probability">
          {projection ? `${pct(projection.probability)} (${goal.paths.toLocaleString('en-US')} paths)` : '—'}
        </dd>
        <dt>Needed for {goal.probabilityPct} %</dt>
        <dd data-testid="goal-needed">
          {projection
            ? projection.neededMonthlyUsd === null
              ? 'no monthly amount gets there (no month starts before the goal date)'
              : `${usd(projection.neededMonthlyUsd)} a month`
            : 'the goal date has passed'}
        </dd>
        <dt>Progress</dt>
        <dd data-testid="goal-progress">
          {progress
            ? `${usd(progress.valueUsd)} now, ${pct(progress.shareOfGoal)} of the goal; ${STANDING[progress.standing]}`
            : `unknown: the broker could not be asked (${props.valueError ?? 'no answer'})`}
        </dd>
      </dl>
      {projection ? (
        <>
          <h3>Projection in dollars of {goal.startDate} (10/25/50/75/90th percentiles)</h3>
          <EquityChart
            dates={projection.points.map((point) => point.date)}
            lines={bands}
            themeVersion={props.themeVersion}
            format={usdRound}
            label={`Projected value bands to ${goal.targetDate}`}
          />
        </>
      ) : null}
      <details>
        <summary>How this is computed</summary>
        <ul>
          {method.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </details>
    </>
  );
}

/** Set, see and clear a savings goal; its projection comes from the real history of the allocation. */
export function GoalPanel(props: { csrfToken: string | null; themeVersion: number }) {
  const queryClient = useQueryClient();
  const goal = useGoal();
  const current = goal.data?.review?.goal;
  const [form, setForm] = useState({
    amountUsd: '',
    targetDate: '',
    monthlyUsd: '',
    inflationPct: '',
    probabilityPct: '',
  });
  const { csrfToken } = props;
  const save = useMutation({
    mutationFn: () =>
      answer(
        client.api.goal.$put(
          {
            json: {
              amountUsd: Number(form.amountUsd),
              targetDate: form.targetDate,
              monthlyUsd: Number(form.monthlyUsd || '0'),
              ...(form.inflationPct.trim() === '' ? {} : { inflationPct: Number(form.inflationPct) }),
              ...(form.probabilityPct.trim() === '' ? {} : { probabilityPct: Number(form.probabilityPct) }),
            },
          },
          actionHeaders(csrfToken ?? ''),
        ),
      ),
    onSuccess: (data) => queryClient.setQueryData(['goal'], data),
  });
  const clear = useMutation({
    mutationFn: () => answer(client.api.goal.$delete({ json: {} }, actionHeaders(csrfToken ?? ''))),
    onSuccess: (data) => queryClient.setQueryData(['goal'], data),
  });
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) =>
      setForm((before) => ({ ...before, [key]: event.target.value })),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Panel id="goal" title="Goal" wide>
      {goal.error ? <Empty kind="error">{goal.error.message}</Empty> : null}
      {goal.isPending ? <Empty kind="loading">Loading the goal…</Empty> : null}
      {goal.data?.review ? (
        <GoalReview
          review={goal.data.review}
          method={goal.data.method}
          valueError={goal.data.valueError}
          themeVersion={props.themeVersion}
        />
      ) : goal.data ? (
        <p className="muted">No goal set.</p>
      ) : null}
      {csrfToken ? (
        <form className="goal-form" onSubmit={submit}>
          <label>
            Target amount (USD, today’s dollars)
            <input
              type="number"
              min="1"
              step="any"
              required
              placeholder={current ? String(current.amountUsd) : '100000'}
              {...field('amountUsd')}
            />
          </label>
          <label>
            By
            <input type="date" required {...field('targetDate')} />
          </label>
          <label>
            Monthly contribution (USD)
            <input type="number" min="0" step="any" placeholder="0" {...field('monthlyUsd')} />
          </label>
          <label>
            Inflation (%/yr; empty: the default)
            <input type="number" min="-5" max="20" step="any" {...field('inflationPct')} />
          </label>
          <label>
            Chance to plan for (%; the contribution needed is shown for it; empty: 80)
            <input
              type="number"
              min="1"
              max="99"
              step="1"
              placeholder={current ? String(current.probabilityPct) : '80'}
              {...field('probabilityPct')}
            />
          </label>
          <div className="goal-buttons">
            <button type="submit" className="primary" disabled={save.isPending}>
              {save.isPending ? 'Projecting…' : current ? 'Replace the goal' : 'Set the goal'}
            </button>
            {current ? (
              <button type="button" onClick={() => clear.mutate()} disabled={clear.isPending}>
                Clear the goal
              </button>
            ) : null}
          </div>
          {save.error || clear.error ? (
            <p className="form-error" role="alert">
              {(save.error ?? clear.error)?.message}
            </p>
          ) : null}
        </form>
      ) : null}
    </Panel>
  );
}
