import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { type ProcessRun, runProcess } from './run-process.ts';

/** The arguments that start this very `dalio` again (from `dist/`, or from sources under tsx, as it runs now). */
function selfArgs(args: readonly string[]): string[] {
  const main = process.argv[1];
  if (!main) throw new Error('cannot tell how this dalio was started');
  return [...process.execArgv, main, ...args];
}

/** Run `dalio <args>` to completion in a child process. */
export function runDalio(args: readonly string[], env: NodeJS.ProcessEnv): Promise<ProcessRun> {
  return runProcess(process.execPath, selfArgs(args), env);
}

/** One trading day's outcome as the daemon printed it (`dalio daemon --json`). */
export interface DayOutcome {
  day: string;
  outcome: string;
  code: string | null;
  reason: string;
  /** The cycle's reconciliation notes (a restore from backup says so here). */
  notes: string[];
}

/** An exit of the daemon nobody asked for (not our SIGTERM, not an injected crash). */
export interface UnhandledExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  lastLog: string;
}

/** What the supervisor saw the daemon do. */
export interface DaemonRecord {
  /** The last outcome the daemon printed for each trading day. */
  days: Map<string, DayOutcome>;
  /** Warnings and errors it logged, by event name. */
  problems: Map<string, number>;
  /** Injected crashes that killed it. */
  crashes: number;
  unhandled: UnhandledExit[];
  restarts: number;
  /** Wall milliseconds from a start to its first log line (how long a `dalio` takes to boot here). */
  bootMs: number | null;
}

/**
 * The daemon as systemd runs it (`Restart=always`): started, restarted after any exit, optionally with an injected
 * crash (`DALIO_CRASH_AT`) for one life; `onDay` hears each day outcome as it is printed.
 */
export interface DaemonSupervisor {
  readonly record: DaemonRecord;
  /** Whether a daemon process is running right now. */
  running(): boolean;
  /** Stop the current daemon cleanly and start a new one, which dies at `crashAt` (`<step>[:<n>]`) if given. */
  restart(crashAt?: string): Promise<void>;
  stop(): Promise<void>;
}

/** Start the daemon under supervision. */
export function superviseDaemon(options: {
  env: NodeJS.ProcessEnv;
  /** Every daemon's stdout and stderr, appended here. */
  logPath: string;
  /** The injected crash of the first daemon's life, if any. */
  firstCrashAt?: string;
  onDay: (outcome: DayOutcome) => void;
  /** True once a daemon has started up (its first log line), false when it is gone. */
  onUp: (up: boolean) => void;
  /** Every JSON line the daemon logs. */
  onLog?: (entry: Record<string, unknown>) => void;
}): DaemonSupervisor {
  const record: DaemonRecord = {
    days: new Map(),
    problems: new Map(),
    crashes: 0,
    unhandled: [],
    restarts: 0,
    bootMs: null,
  };
  let child: ChildProcess | null = null;
  let stopping = false;
  let crashArmed = false;
  let exited: Promise<void> = Promise.resolve();
  const log = createWriteStream(options.logPath, { flags: 'a' });

  const start = (crashAt?: string) => {
    crashArmed = crashAt !== undefined;
    const startedAt = performance.now();
    const env = { ...options.env, ...(crashAt ? { DALIO_CRASH_AT: crashAt } : {}) };
    const spawned = spawn(process.execPath, selfArgs(['daemon', '--json']), {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = spawned;
    log.write(`--- daemon started${crashAt ? ` (DALIO_CRASH_AT=${crashAt})` : ''}\n`);
    spawned.stdout.pipe(log, { end: false });
    spawned.stderr.pipe(log, { end: false });
    let lastLog = '';
    let up = false;
    createInterface({ input: spawned.stdout }).on('line', (line) => {
      const parsed = parseJson(line) as Partial<DayOutcome> | null;
      if (parsed?.day && parsed.outcome) {
        const outcome: DayOutcome = {
          day: parsed.day,
          outcome: parsed.outcome,
          code: parsed.code ?? null,
          reason: parsed.reason ?? '',
          notes: Array.isArray(parsed.notes) ? parsed.notes.map(String) : [],
        };
        record.days.set(outcome.day, outcome);
        options.onDay(outcome);
      }
    });
    createInterface({ input: spawned.stderr }).on('line', (line) => {
      record.bootMs ??= performance.now() - startedAt;
      if (!up) {
        up = true;
        options.onUp(true);
      }
      lastLog = line;
      const entry = parseJson(line) as { level?: number; event?: string } | null;
      if (entry) options.onLog?.(entry as Record<string, unknown>);
      if (entry && (entry.level ?? 0) >= 40) {
        const name = entry.event ?? 'unnamed';
        record.problems.set(name, (record.problems.get(name) ?? 0) + 1);
      }
    });
    exited = new Promise((resolve) => {
      spawned.once('close', (code, signal) => {
        if (up) options.onUp(false);
        child = null;
        if (signal === 'SIGKILL' && crashArmed) record.crashes += 1;
        else if (!stopping) record.unhandled.push({ code, signal, lastLog });
        if (!stopping) {
          // systemd's RestartSec: a moment, then a fresh daemon without the injected crash.
          record.restarts += 1;
          setTimeout(() => {
            if (!stopping && child === null) start();
          }, 300);
        }
        resolve();
      });
    });
  };

  const stopCurrent = async () => {
    stopping = true;
    child?.kill('SIGTERM');
    await exited;
    stopping = false;
  };

  start(options.firstCrashAt);
  return {
    record,
    running: () => child !== null,
    async restart(crashAt) {
      await stopCurrent();
      start(crashAt);
    },
    async stop() {
      stopping = true;
      child?.kill('SIGTERM');
      await exited;
      await new Promise((resolve) => log.end(resolve));
    },
  };
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}
