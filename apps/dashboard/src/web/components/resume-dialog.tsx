import { useMutation } from '@tanstack/react-query';
import { actionHeaders, answer, client, type Status } from '../api-client.ts';
import { when } from '../format.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';

/** Resume after a halt or a tripped breaker: what is cleared and when trading may start again. */
export function ResumeDialog(props: {
  csrfToken: string;
  status: Status;
  onDone: (text: string) => void;
  onClose: () => void;
}) {
  const { halt, breakers, nextCycle } = props.status;
  const resume = useMutation({
    mutationFn: () => answer(client.api.resume.$post({ json: {} }, actionHeaders(props.csrfToken))),
    onSuccess: (outcome) =>
      props.onDone(
        outcome.cleared.length > 0 ? `Resumed; cleared ${outcome.cleared.join('; ')}` : 'Nothing was halted',
      ),
  });
  const items = [
    halt ? `the halt (since ${when(halt.since)}: ${halt.reason})` : null,
    breakers.dailyLoss ? `the daily-loss breaker (${breakers.dailyLoss.reason})` : null,
    breakers.drawdown
      ? `the drawdown pause (${breakers.drawdown.reason}); the high-water mark restarts`
      : null,
  ].filter((item): item is string => item !== null);
  return (
    <ConfirmDialog
      title="Resume trading"
      confirmLabel="Resume trading"
      busy={resume.isPending}
      error={resume.error?.message ?? null}
      onConfirm={() => resume.mutate()}
      onCancel={props.onClose}
    >
      <p>This clears:</p>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <p>
        Cycles may trade again from the next one{nextCycle ? ` (due ${when(nextCycle.at)})` : ''}; a rebalance
        happens only if the policy calls for it.
      </p>
    </ConfirmDialog>
  );
}
