/** A checklist item only a person can confirm, signed off with `dalio checklist sign ID --by NAME`. */
export interface ManualItem {
  id: string;
  title: string;
  /** What signing it off means the operator did. */
  how: string;
}

/** The manual items of the original production checklist, in this system's terms. */
export const MANUAL_ITEMS: readonly ManualItem[] = [
  {
    id: 'config-reviewed',
    title: 'dalio.yaml reviewed for live trading',
    how: 'allocation, bands, minimum days, risk limits and live.tiers read line by line (`dalio plan` shows their effect)',
  },
  {
    id: 'account-funded',
    title: 'The live account holds only the money meant for this tier, and nothing else trades it',
    how: 'one Dalio Lite per account; no other bot, person or strategy places orders there',
  },
  {
    id: 'scheduler',
    title: 'The scheduler runs on the live host',
    how: '`systemctl status dalio-daemon` (or `systemctl list-timers dalio-run.timer`) shows it enabled and running',
  },
  {
    id: 'rollback-rehearsed',
    title: 'Rollback rehearsed: back to paper in under 15 minutes',
    how: '`dalio live disable`, switch the scheduler to the paper config, confirm with `dalio status` (docs/ROLLOUT.md)',
  },
  {
    id: 'emergency-stop',
    title: 'Emergency stop rehearsed',
    how: '`dalio halt --cancel-orders` and `dalio resume` run on paper; the runbook (docs/INCIDENT_RESPONSE.md) read',
  },
  {
    id: 'operator-trained',
    title: 'The operator can read the dashboard, `dalio status`, `dalio health`, the history and the alerts',
    how: 'a paper day walked through: why it traded or held, which orders, what each alert asks for',
  },
];
