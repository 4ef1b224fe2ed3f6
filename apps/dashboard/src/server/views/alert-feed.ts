import { createAlertStateFile, type FiringAlert } from '@dalio-lite/observability';
import { createDurableJsonFile } from '@dalio-lite/state';
import { z } from 'zod';

/** File name of the dashboard's acknowledgements, in the state directory. */
export const ACKS_FILE = 'dashboard-acks.json';

const acksSchema = z.object({
  acks: z.record(z.string(), z.object({ firstAt: z.string(), at: z.iso.datetime({ offset: true }) })),
});

/** A firing alert as the alerts panel lists it. */
export type AlertLine = FiringAlert & { key: string; acknowledgedAt: string | null };

/** The firing alerts with who acknowledged them; an acknowledgement lasts until the alert fires anew. */
export interface AlertFeed {
  list(): Promise<AlertLine[]>;
  /** Acknowledge a firing alert; false when no alert of that key is firing. */
  acknowledge(key: string, at: Date): Promise<boolean>;
}

/** Open the alerts of a state directory (read-only for the notifier's file, durable for the acknowledgements). */
export function createAlertFeed(stateDir: string): AlertFeed {
  const alerts = createAlertStateFile({ stateDir });
  const acks = createDurableJsonFile({ stateDir, fileName: ACKS_FILE, schema: acksSchema });
  const firing = async () => Object.entries((await alerts.read())?.firing ?? {});
  return {
    async list() {
      const [entries, acked] = await Promise.all([firing(), acks.read()]);
      return entries
        .map(([key, alert]) => {
          const ack = acked?.acks[key];
          return { key, ...alert, acknowledgedAt: ack && ack.firstAt === alert.firstAt ? ack.at : null };
        })
        .sort((a, b) => b.lastSentAt.localeCompare(a.lastSentAt));
    },
    async acknowledge(key, at) {
      const live = new Map(await firing());
      const alert = live.get(key);
      if (!alert) return false;
      const current = (await acks.read())?.acks ?? {};
      // Acknowledgements of alerts no longer firing are dropped, so the file stays as small as the alerts.
      const kept = Object.fromEntries(Object.entries(current).filter(([known]) => live.has(known)));
      await acks.write({ acks: { ...kept, [key]: { firstAt: alert.firstAt, at: at.toISOString() } } });
      return true;
    },
  };
}
