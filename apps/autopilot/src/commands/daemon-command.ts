import type { Command } from 'commander';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';

/** `dalio daemon`: run the day's cycle on each trading day at the configured time, until SIGTERM. */
export function registerDaemonCommand(program: Command, context: CommandContext): void {
  program
    .command('daemon')
    .description(
      'Stay running: one rebalance cycle per trading day at schedule.timeEt (broker clock); stops cleanly on SIGTERM',
    )
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option(
      '--json',
      "also print each trading day's outcome as one JSON line on stdout: the cycle report, or why the day was missed",
    )
    .option(
      '--metrics-port <n>',
      'serve Prometheus metrics at http://127.0.0.1:<n>/metrics (0 picks a free port)',
    )
    .addHelpText(
      'after',
      [
        '',
        "Pacing: it sleeps until the next cycle is due by the broker's clock and",
        "calendar - Alpaca's real time, or a simulator's time-lapse, whose speed it",
        'measures from two looks at the clock - and looks at least once a minute,',
        "never in a fast poll, so it stays far below the broker's 200 requests/min.",
        '',
        "Every trading day ends in one logged outcome: the cycle's report, or",
        '"no cycle on <day>" with the reason (broker down, session closed first).',
        'A throttled or unreachable broker is logged at once and looked at again',
        'after 1 s, 2 s, 4 s ... up to 5 min; a cycle that asks for a retry runs',
        'again after 30 s, 1 min ... while the session lasts.',
        '',
        'SIGINT or SIGTERM stops it after the current step; a second signal exits',
        'at once.',
        '',
        'On a terminal it prints one readable line per cycle. Each cycle also sends its',
        'alerts (notifications.channels) in the background, within notifications.timeoutMs;',
        '--metrics-port serves the Prometheus metrics of `dalio metrics` on 127.0.0.1.',
        '',
        'Backups: after each cycle that changed the state, and every backup.everyHours,',
        'it takes a verified backup (local, then off-site; a failed upload is retried',
        'later), and prunes old ones. A backup failure alerts; it never stops a cycle.',
      ].join('\n'),
    )
    .action(lazyAction(context, async () => (await import('./daemon.ts')).runDaemonCommand));
}
