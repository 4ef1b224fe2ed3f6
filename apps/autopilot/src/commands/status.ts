import { describeConfig } from '@dalio-lite/config';
import type { Command } from 'commander';
import { loadCliConfig } from '../cli-config.ts';
import { printJson } from '../output.ts';
import { createRuntime } from '../runtime.ts';
import type { CommandContext } from './index.ts';

interface StatusFlags {
  json?: boolean;
  broker?: boolean;
  config?: string;
}

/** `dalio status`: mode, state, halt and breakers, the last cycles; with `--broker`, the account too. */
export function registerStatusCommand(program: Command, context: CommandContext): void {
  program
    .command('status')
    .description(
      'Show the mode, the last rebalance, halt and breakers, the last cycles (and the account with --broker)',
    )
    .option('--broker', 'also ask the broker for the account, positions and clock')
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option('--json', 'print JSON')
    .action(async (flags: StatusFlags) => {
      const config = await loadCliConfig(context, flags.config);
      const runtime = createRuntime(config);
      const state = await runtime.store.load();
      const page = await runtime.history.readPage({ limit: 5 });
      const heartbeat = await runtime.heartbeat.read();
      const payload = state?.payload ?? null;
      const status = {
        mode: config.mode,
        broker: config.broker.kind,
        stateDir: config.paths.stateDir,
        state: state ? { seq: state.seq, writtenAt: state.writtenAt } : null,
        /** The broker account this state belongs to (recorded by its first cycle). */
        boundTo: payload?.account ?? null,
        lastRebalance: payload?.lastRebalance ?? null,
        halt: payload?.halt ?? null,
        breakers: payload?.breakers ?? { dailyLoss: null, drawdown: null },
        highWaterMarkUsd: payload?.highWaterMarkUsd ?? null,
        days: payload
          ? Object.values(payload.days).map(
              ({ day, status: dayStatus, attempt, plannedOrders, reasons }) => ({
                day,
                status: dayStatus,
                attempt,
                orders: plannedOrders.length,
                reasons,
              }),
            )
          : [],
        heartbeat,
        recentCycles: page.records.map((record) => ({
          n: record.n,
          day: record.entry.day,
          outcome: record.entry.outcome,
          reason: record.entry.decision.reason,
          finishedAt: record.entry.finishedAt,
        })),
        account: flags.broker ? await brokerView(runtime) : undefined,
        config: describeConfig(config),
      };
      if (flags.json) {
        printJson(context.output, status);
        return;
      }
      const lines = [
        `Dalio Lite — ${config.mode.toUpperCase()} trading via ${config.broker.kind}; state in ${config.paths.stateDir}`,
        `Belongs to: ${status.boundTo ? `${status.boundTo.venue} account ${status.boundTo.accountId} (since ${status.boundTo.since})` : 'no account yet (the first cycle records it)'}`,
        `Last rebalance: ${status.lastRebalance ? `${status.lastRebalance.day} (${status.lastRebalance.at})` : 'never'}`,
        `Halt: ${status.halt ? `HALTED since ${status.halt.since}: ${status.halt.reason}` : 'off'}`,
        `Breakers: ${[status.breakers.dailyLoss?.reason, status.breakers.drawdown?.reason].filter(Boolean).join('; ') || 'clear'}`,
        `Last cycle: ${heartbeat ? `${heartbeat.at} ${heartbeat.outcome} — ${heartbeat.detail}` : 'none yet'}`,
      ];
      if (status.account && 'error' in status.account) lines.push(`Broker: ${status.account.error}`);
      else if (status.account)
        lines.push(
          `Account: equity $${status.account.equityUsd.toFixed(2)}, cash $${status.account.cashUsd.toFixed(2)}, market ${status.account.marketOpen ? 'open' : 'closed'}`,
        );
      for (const cycle of status.recentCycles)
        lines.push(`  #${cycle.n} ${cycle.day ?? '-'} ${cycle.outcome}: ${cycle.reason}`);
      context.output.stdout(lines.join('\n'));
    });
}

async function brokerView(runtime: ReturnType<typeof createRuntime>) {
  try {
    const broker = await runtime.broker();
    const [account, positions, clock] = await Promise.all([
      broker.getAccount(),
      broker.getPositions(),
      broker.getClock(),
    ]);
    return {
      equityUsd: account.equityUsd,
      cashUsd: account.cashUsd,
      marketOpen: clock.isOpen,
      clock: clock.timestamp,
      positions,
    };
  } catch (error) {
    return { error: `could not reach the broker (${(error as Error).message})` };
  }
}
