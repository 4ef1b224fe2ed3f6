import type { ChecklistItemResult, ChecklistReport } from '@dalio-lite/gate';

function itemLines(item: ChecklistItemResult): string[] {
  const lines = [
    `  ${item.ok ? 'PASS' : 'FAIL'}  ${item.id.padEnd(18)} ${item.title}`,
    `        ${' '.repeat(18)} ${item.detail}`,
  ];
  if (!item.ok && item.fix) lines.push(`        ${' '.repeat(18)} fix: ${item.fix}`);
  return lines;
}

/** The checklist as a person reads it: every item with what was found, the fix under each failing one, the verdict. */
export function describeChecklist(report: ChecklistReport, badge: string): string {
  const autos = report.items.filter((item) => item.kind === 'auto');
  const manuals = report.items.filter((item) => item.kind === 'manual');
  const verdict =
    report.verdict === 'GO'
      ? 'GO — every item passed; `dalio live enable --tier 1` may switch to live (it asks for the account number)'
      : `NO-GO — ${report.failing.length} item(s) failed: ${report.failing.map((item) => item.id).join(', ')}; fix each as shown, then run \`dalio checklist\` again`;
  return [
    `Dalio Lite production checklist: ${report.verdict} (${report.passed}/${report.total} passed), ${report.checkedAt}`,
    `Trading: ${badge}`,
    'Checked by software:',
    ...autos.flatMap(itemLines),
    'Signed off by the operator (`dalio checklist sign ID --by NAME [--note TEXT]`):',
    ...manuals.flatMap(itemLines),
    `Verdict: ${verdict}`,
  ].join('\n');
}
