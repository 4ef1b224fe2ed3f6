import type { Targets } from './targets.ts';

/** Names of the built-in allocations. */
export type PresetName = 'dalio-lite' | 'all-weather' | 'sixty-forty' | 'permanent';

/** A built-in allocation with a one-line description. */
export interface Preset {
  name: PresetName;
  description: string;
  targets: Targets;
}

/** The built-in allocations. `dalio-lite` is the original default. */
export const PRESETS: Readonly<Record<PresetName, Preset>> = Object.freeze({
  'dalio-lite': {
    name: 'dalio-lite',
    description: 'The original Dalio Lite mix: US stocks, long Treasuries, gold, commodities',
    targets: Object.freeze({ VTI: 0.4, TLT: 0.3, GLD: 0.2, DBC: 0.1 }),
  },
  'all-weather': {
    name: 'all-weather',
    description: 'The classic All Weather mix: more bonds, split between long and intermediate Treasuries',
    targets: Object.freeze({ VTI: 0.3, TLT: 0.4, IEI: 0.15, GLD: 0.075, DBC: 0.075 }),
  },
  'sixty-forty': {
    name: 'sixty-forty',
    description: '60 % US stocks, 40 % aggregate bonds',
    targets: Object.freeze({ VTI: 0.6, AGG: 0.4 }),
  },
  permanent: {
    name: 'permanent',
    description: "Harry Browne's Permanent Portfolio: stocks, long bonds, gold, short bonds in equal parts",
    targets: Object.freeze({ VTI: 0.25, TLT: 0.25, GLD: 0.25, IEI: 0.25 }),
  },
});

/** The default allocation. */
export const DEFAULT_PRESET: PresetName = 'dalio-lite';

/** True when `name` is a built-in preset. */
export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}
