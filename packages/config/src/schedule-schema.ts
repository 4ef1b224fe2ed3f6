import * as z from 'zod';
import type { ScheduleConfig } from './dalio-config.ts';
import { formatValue } from './format-value.ts';
import { boundedNumber, type FieldHint } from './schema-fields.ts';

const OPEN_MINUTE = 9 * 60 + 30;
const CLOSE_MINUTE = 16 * 60;

function minuteOfDay(time: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** `schedule:` — the daily run time in US Eastern time, which must fall inside regular market hours. */
export const scheduleSchema = z
  .strictObject({
    timeEt: z
      .string()
      .refine((time) => minuteOfDay(time) !== null, {
        error: (issue) =>
          `${formatValue(issue.input)} is not a time, use HH:MM in US Eastern time such as "10:00"`,
      })
      .meta({ expected: 'a time "HH:MM" in US Eastern time' } satisfies FieldHint)
      .default('10:00'),
    closeBufferMinutes: boundedNumber({ min: 0, max: 120, int: true }).default(15),
  })
  .transform((file, ctx): ScheduleConfig => {
    const minute = minuteOfDay(file.timeEt) ?? OPEN_MINUTE;
    const last = CLOSE_MINUTE - file.closeBufferMinutes;
    if (minute < OPEN_MINUTE || minute > last) {
      // The original ran at 9:00 local time, before the open, and its orders queued at unknown prices.
      ctx.issues.push({
        code: 'custom',
        input: file.timeEt,
        path: ['timeEt'],
        message: `"${file.timeEt}" is outside market hours, use a time between 09:30 and ${clock(last)} ET`,
      });
      return z.NEVER;
    }
    return file;
  })
  .prefault({});
