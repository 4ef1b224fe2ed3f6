import { isPresetName, normalizeTargets, PRESETS, type PresetName } from '@dalio-lite/core';
import * as z from 'zod';
import type { AllocationConfig } from './dalio-config.ts';
import { choice, type FieldHint } from './schema-fields.ts';

/** The built-in preset names, for the schema and the error messages. */
export const PRESET_NAMES = Object.keys(PRESETS).filter(isPresetName) as [PresetName, ...PresetName[]];

/** `allocation:` — a preset, or `targets` in percent (40/30/20/10) or fractions; not both. */
export const allocationSchema = z
  .strictObject({
    preset: choice(PRESET_NAMES, 'a preset').optional(),
    targets: z
      .record(z.string(), z.number().meta({ expected: 'a weight (percent or fraction)' } satisfies FieldHint))
      .optional(),
  })
  .transform((file, ctx): AllocationConfig => {
    if (file.preset !== undefined && file.targets !== undefined) {
      ctx.issues.push({
        code: 'custom',
        input: file,
        message: 'both preset and targets are set, keep one of them',
      });
      return z.NEVER;
    }
    if (file.targets === undefined) {
      const preset = file.preset ?? 'dalio-lite';
      return { preset, targets: PRESETS[preset].targets };
    }
    const normalised = normalizeTargets(file.targets);
    if (!normalised.ok) {
      // Core words its errors as `allocation: <problem>`; the key is added again by the error formatter.
      ctx.issues.push({
        code: 'custom',
        input: file,
        message: normalised.error.replace(/^allocation:\s*/, ''),
      });
      return z.NEVER;
    }
    return { preset: 'custom', targets: normalised.value };
  })
  .prefault({});
