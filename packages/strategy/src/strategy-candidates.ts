import type { AllocationConfig } from '@dalio-lite/config';
import { PRESETS, type Targets } from '@dalio-lite/core';

/** One allocation to compare: a built-in preset, the user's current custom mix, or a draft. */
export interface StrategyCandidate {
  /** A preset name, `current` (the user's custom mix) or `draft`. */
  id: string;
  description: string;
  targets: Targets;
  /** True for the allocation the config holds now. */
  current: boolean;
}

/** Every preset, with the config's own allocation marked; a custom allocation is added as `current`. */
export function strategyCandidates(allocation: AllocationConfig): StrategyCandidate[] {
  const presets = Object.values(PRESETS).map((preset) => ({
    id: preset.name,
    description: preset.description,
    targets: preset.targets,
    current: allocation.preset === preset.name,
  }));
  if (allocation.preset !== 'custom') return presets;
  return [
    { id: 'current', description: 'Your own allocation', targets: allocation.targets, current: true },
    ...presets,
  ];
}
