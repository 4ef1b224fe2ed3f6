/** How steady the in-sample choice was across windows. */
export interface ParameterStability {
  windows: number;
  distinctChoices: number;
  /** Consecutive windows whose chosen policy differs. */
  changes: number;
  mostCommon: { policyLabel: string; windows: number; share: number };
}

/** Summarise the sequence of chosen policies (by label) over the windows. */
export function summarizeParameterStability(choices: readonly string[]): ParameterStability {
  const counts = new Map<string, number>();
  let changes = 0;
  choices.forEach((choice, i) => {
    counts.set(choice, (counts.get(choice) ?? 0) + 1);
    if (i > 0 && choice !== choices[i - 1]) changes++;
  });
  let mostCommon = { policyLabel: '', windows: 0, share: 0 };
  for (const [policyLabel, windows] of counts) {
    if (windows > mostCommon.windows) mostCommon = { policyLabel, windows, share: windows / choices.length };
  }
  return { windows: choices.length, distinctChoices: counts.size, changes, mostCommon };
}
