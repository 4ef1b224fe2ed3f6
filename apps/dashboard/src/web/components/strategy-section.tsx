import { useComparison } from '../strategy-queries.ts';
import { AllocationBuilder } from './allocation-builder.tsx';
import { ExplainPanel } from './explain-panel.tsx';
import { GoalPanel } from './goal-panel.tsx';
import { StrategyPanel } from './strategy-panel.tsx';

/** Strategy and goals: compare on history, build and apply an allocation, plan toward a goal, how it decides. */
export function StrategySection(props: { csrfToken: string | null; themeVersion: number }) {
  // The current allocation as the server's config holds it (the comparison's "current" row).
  const current = useComparison({}).data?.comparison.strategies.find((figures) => figures.current);
  const currentKey = current ? JSON.stringify(current.targets) : '';
  return (
    <div className="grid">
      <StrategyPanel themeVersion={props.themeVersion} />
      {current ? (
        <AllocationBuilder key={currentKey} current={current.targets} csrfToken={props.csrfToken} />
      ) : null}
      <GoalPanel csrfToken={props.csrfToken} themeVersion={props.themeVersion} />
      <ExplainPanel />
    </div>
  );
}
