import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  actionHeaders,
  answer,
  type CycleAnswer,
  client,
  type Portfolio,
  type Status,
} from '../api-client.ts';
import { useDashboard } from '../dashboard-context.ts';
import { invalidateAll } from '../queries.ts';
import { HaltDialog } from './halt-dialog.tsx';
import { RebalanceDialog } from './rebalance-dialog.tsx';
import { ResumeDialog } from './resume-dialog.tsx';

type Open = 'dry-run' | 'rebalance' | 'halt' | 'resume' | null;

function describeCycle(report: CycleAnswer): string {
  const placed = report.orders.length > 0 ? ` (${report.orders.length} orders)` : '';
  return `Cycle ${report.day ?? ''} ${report.outcome}${placed}: ${report.reason}`;
}

/** The actions: rebalance now, halt, resume and backup now, each behind a confirmation that says what happens. */
export function ActionBar(props: { status: Status | undefined; portfolio: Portfolio | undefined }) {
  const { csrfToken } = useDashboard();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Open>(null);
  const [result, setResult] = useState<{ text: string; ok: boolean } | null>(null);
  const backup = useMutation({
    mutationFn: () => answer(client.api.backups.$post({ json: {} }, actionHeaders(csrfToken ?? ''))),
    onSuccess: (taken) => {
      setResult({ text: `Backup ${taken.id} taken (${taken.location})`, ok: true });
      invalidateAll(queryClient);
    },
    onError: (error) => setResult({ text: error.message, ok: false }),
  });
  if (!csrfToken || !props.status) return null;
  const { status } = props;
  const halted = status.halt !== null;
  const paused = halted || status.breakers.dailyLoss !== null || status.breakers.drawdown !== null;
  const done = (text: string, ok = true) => {
    setOpen(null);
    setResult({ text, ok });
    invalidateAll(queryClient);
  };
  return (
    <section className="actions" aria-label="Actions">
      <div className="action-buttons">
        <button
          type="button"
          className="primary"
          onClick={() => setOpen('rebalance')}
          disabled={halted}
          title={halted ? 'Trading is halted: resume first' : 'Preview, confirm, then run a cycle now'}
        >
          Rebalance now…
        </button>
        <button type="button" onClick={() => setOpen('dry-run')}>
          Dry run…
        </button>
        {paused ? (
          <button type="button" onClick={() => setOpen('resume')}>
            Resume…
          </button>
        ) : null}
        <button type="button" className="danger" onClick={() => setOpen('halt')}>
          Halt…
        </button>
        <button type="button" onClick={() => backup.mutate()} disabled={backup.isPending}>
          {backup.isPending ? 'Backing up…' : 'Backup now'}
        </button>
      </div>
      <p className={result?.ok === false ? 'result result-error' : 'result'} role="status" aria-live="polite">
        {result?.text ?? ''}
      </p>
      {open === 'dry-run' || open === 'rebalance' ? (
        <RebalanceDialog
          previewOnly={open === 'dry-run'}
          csrfToken={csrfToken}
          brokerLabel={status.broker.label}
          live={status.mode === 'live'}
          onDone={(report) => done(describeCycle(report), report.outcome !== 'failed')}
          onClose={() => setOpen(null)}
        />
      ) : null}
      {open === 'halt' ? (
        <HaltDialog
          csrfToken={csrfToken}
          positions={props.portfolio?.positions.value ?? null}
          brokerLabel={status.broker.label}
          onDone={(text) => done(text)}
          onClose={() => setOpen(null)}
        />
      ) : null}
      {open === 'resume' ? (
        <ResumeDialog
          csrfToken={csrfToken}
          status={status}
          onDone={(text) => done(text)}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </section>
  );
}
