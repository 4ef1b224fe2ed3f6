import { useExplanation } from '../strategy-queries.ts';
import { Empty, Panel } from './panel.tsx';

/** How it decides: the policy, bands, minimum days, breakers and live gate, from the live config. */
export function ExplainPanel() {
  const explanation = useExplanation();
  return (
    <Panel id="how-it-decides" title="How it decides" wide>
      {explanation.error ? <Empty kind="error">{explanation.error.message}</Empty> : null}
      {explanation.data ? (
        <div className="explain" data-testid="explanation">
          {explanation.data.sections.map((section) => (
            <section key={section.title}>
              <h3>{section.title}</h3>
              <ul>
                {section.lines.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      ) : explanation.error ? null : (
        <Empty kind="loading">Reading the config…</Empty>
      )}
    </Panel>
  );
}
