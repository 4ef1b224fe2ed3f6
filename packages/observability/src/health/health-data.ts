import type { RebalancePolicy, Targets } from '@dalio-lite/core';
import type { Heartbeat, HistoryRecord, SkippedLine, StatePayload } from '@dalio-lite/state';
import type { MetricsFile } from '../metrics-file.ts';
import type { PositionsLedger } from '../positions-ledger.ts';
import type { BrokerProbe, Probed } from './broker-probe.ts';

/** The lock directory as seen from outside: absent, or who holds it and how fresh its heartbeat (mtime) is. */
export type LockLook =
  | { kind: 'free' }
  | { kind: 'held'; ageMs: number; holder: { pid: number; hostname: string; acquiredAt: string } | null };

/** The state directory's file system and permissions. */
export interface DiskLook {
  freeBytes: number | null;
  /** Problems with modes, ownership or access, each one sentence. */
  permissionProblems: string[];
  writable: boolean;
}

/** Everything the checks look at, read once; each check is a pure function of it. */
export interface HealthData {
  /** The wall clock (lock ages, the broker error window). */
  now: Date;
  state: Probed<StatePayload | null>;
  history: Probed<{ records: HistoryRecord[]; skipped: SkippedLine[] }>;
  heartbeat: Probed<Heartbeat | null>;
  ledger: Probed<PositionsLedger | null>;
  metrics: Probed<MetricsFile>;
  lock: Probed<LockLook>;
  disk: Probed<DiskLook>;
  probe: BrokerProbe;
}

/** Thresholds and settings of the checks; `DEFAULT_HEALTH_SETTINGS` holds the original's values. */
export interface HealthSettings {
  /** When the daily cycle runs (`HH:MM`, New York). */
  timeEt: string;
  targets: Targets;
  policy: RebalancePolicy;
  /** How late the day's successful cycle may be before the heartbeat is critical. */
  heartbeatGraceMinutes: number;
  /** Drift beyond the band with no rebalance for more than this many days warns. */
  driftStaleDays: number;
  /** Cycles of the last this many days count for the success rate. */
  successWindowDays: number;
  successRate: { warn: number; critical: number };
  /** Broker requests of the last this many days count for the error rate. */
  brokerErrorWindowDays: number;
  brokerErrorRate: { warn: number; critical: number };
  /** Fewer cycles or requests than these are too few for a rate. */
  minCyclesForRate: number;
  minRequestsForRate: number;
  /** The lock's refresh is older than this: its holder stopped (30 s, as the lock itself). */
  lockStaleMs: number;
  /** A cycle holding the lock this long is stuck. */
  lockMaxHoldMs: number;
  /** Our own open orders older than this are left over. */
  openOrderMaxAgeMs: number;
  freeBytes: { warn: number; critical: number };
  /** Value of positions that differ from the ledger, as a fraction of equity. */
  ledgerMismatch: { warn: number; critical: number };
  /** True for client order ids the autopilot made. */
  isOwnClientOrderId(id: string): boolean;
}

/** The original system's thresholds (80 %/50 % success, 5 %/10 % broker errors) and this system's margins. */
export const DEFAULT_HEALTH_SETTINGS = {
  heartbeatGraceMinutes: 120,
  successWindowDays: 30,
  successRate: { warn: 0.8, critical: 0.5 },
  brokerErrorWindowDays: 7,
  brokerErrorRate: { warn: 0.05, critical: 0.1 },
  minCyclesForRate: 3,
  minRequestsForRate: 20,
  lockStaleMs: 30_000,
  lockMaxHoldMs: 45 * 60_000,
  openOrderMaxAgeMs: 24 * 3_600_000,
  freeBytes: { warn: 500 * 1024 * 1024, critical: 50 * 1024 * 1024 },
  ledgerMismatch: { warn: 0.001, critical: 0.05 },
} as const satisfies Partial<HealthSettings>;
