import type { Command } from 'commander';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';

/** `dalio dashboard`: the API and the web app from one process, on 127.0.0.1 unless told otherwise. */
export function registerDashboardCommand(program: Command, context: CommandContext): void {
  program
    .command('dashboard')
    .description('Serve the dashboard (web app and API) and print its one-time login link')
    .option('--host <host>', 'address to bind (default: dashboard.host, 127.0.0.1); another needs a token')
    .option('--port <n>', 'port (default: dashboard.port, 8787); 0 picks a free one')
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option('--json', 'print the start-up facts as one JSON line')
    .addHelpText(
      'after',
      [
        '',
        'Security: the dashboard binds 127.0.0.1 and refuses any other address unless a token is set',
        '(DALIO_DASHBOARD_TOKEN or dashboard.tokenFile). Without one it generates a token on first',
        'start, keeps it 0600 in the state directory and prints it once. The login link signs one',
        "browser in with an HttpOnly session cookie; every action also needs that session's CSRF token.",
      ].join('\n'),
    )
    .action(lazyAction(context, async () => (await import('./dashboard.ts')).runDashboardCommand));
}
