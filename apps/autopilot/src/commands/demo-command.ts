import type { Command } from 'commander';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';

/** `dalio demo`: the paper simulator in time-lapse over real history, the autopilot trading it, no keys, no network. */
export function registerDemoCommand(program: Command, context: CommandContext): void {
  program
    .command('demo')
    .description(
      'Time-lapse paper trading over real price history: the simulator, the autopilot, one trading day every few seconds',
    )
    .option('--speed <x>', 'simulated seconds per real second (20000: a day in about 4 s)', '20000')
    // The default start buys in a month before March 2020, so the crash's rebalance comes within a minute.
    .option('--start <time>', 'where the history starts playing', '2020-02-03T09:00:00-05:00')
    .option('--cash <usd>', 'starting cash of the paper account', '25000')
    .option('--dir <dir>', 'an empty directory for the demo state (default: a new temporary one)')
    .option('--days <n>', 'stop after this many trading days (default: run until Ctrl-C)')
    .option('--port <n>', 'simulator port; 0 picks a free one', '0')
    .option('--dashboard-port <n>', 'dashboard port on 127.0.0.1; 0 picks a free one', '0')
    .option('--no-dashboard', 'do not start the dashboard beside the simulator')
    .option(
      '--json',
      'print JSON lines: the start-up facts, then one line per trading day (its cycle report or why it was missed)',
    )
    .addHelpText(
      'after',
      [
        '',
        'Every trading day prints one line: its cycle report, or MISSED with the',
        "reason. The simulator's clock runs only while the autopilot waits for the",
        'next cycle, and cycles wait for room in the 200-requests-a-minute budget,',
        'so a fast --speed slows down rather than skipping days.',
      ].join('\n'),
    )
    .action(lazyAction(context, async () => (await import('./demo.ts')).runDemoCommand));
}
