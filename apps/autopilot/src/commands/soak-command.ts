import type { Command } from 'commander';
import { SOAK_PROFILES } from '../soak-profile.ts';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';

/** `dalio soak`: the real daemon against the simulator in accelerated time, under faults, then a verdict. */
export function registerSoakCommand(program: Command, context: CommandContext): void {
  program
    .command('soak')
    .description(
      'Run the daemon for N trading days on the simulator in accelerated time under a fault profile, then report PASS/FAIL',
    )
    .option('--days <n>', 'trading days to run', '30')
    .option('--faults <profile>', `fault profile: ${SOAK_PROFILES.join(', ')}`, 'default')
    .option('--seed <n>', "seed of the simulator's randomness", '1')
    .option('--speed <x>', 'broker seconds per real second (1800: a calendar day in 48 s)', '1800')
    .option('--start <date>', 'first trading day (New York date, within the bundled prices)', '2024-01-08')
    .option('--cash <usd>', 'starting cash of the paper account', '100000')
    .option(
      '--dir <dir>',
      'an empty directory for the state, the config and the reports (default: a new temporary one)',
    )
    .option('--json', 'print the report as JSON instead of Markdown')
    .addHelpText(
      'after',
      [
        '',
        'The daemon runs as a child process (`dalio daemon`) against the simulator this',
        'command serves; crashes are real SIGKILLs, concurrent runs real processes. The',
        "profiles add the rollout plan's paper-phase scenarios: concurrent runs, broker",
        'unreachable, state corruption, process crash, rate limit (default: each once;',
        'harsh: twice, with 3 % background faults, partial fills and async rejections).',
        "Counts come from the simulator's own ledger. PASS needs: 0 duplicate orders,",
        '0 orders the state does not know, 0 double rebalances, 0 undetected partial',
        'failures, 0 unhandled crashes, health green >= 95 %, API errors < 5 %, order',
        'failures < 2 %, every scenario handled. Exit 0 on PASS, 1 on FAIL. The reports',
        'are written to <dir>/soak-report.md and <dir>/soak-report.json.',
      ].join('\n'),
    )
    .action(lazyAction(context, async () => (await import('./soak.ts')).runSoakCommand));
}
