import type {
  CreateOutcome,
  DrillRecord,
  PruneOutcome,
  RestorePlan,
  StoreListing,
  VerifyResult,
} from '@dalio-lite/backup';

function size(bytes: number | null): string {
  if (bytes === null) return 'no archive';
  return bytes < 10_240 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** What `dalio backup create` did, in a few lines. */
export function describeCreate(outcome: CreateOutcome): string {
  const { record, local, offsite } = outcome;
  const off =
    offsite.kind === 'stored'
      ? `stored and verified in ${offsite.location}`
      : offsite.kind === 'queued'
        ? `QUEUED (${offsite.pending} pending): ${offsite.reason}`
        : 'not configured (backup.s3)';
  return [
    `Backup ${record.id}: state seq ${record.seq}, ${size(record.archive.bytes)}, sha256 ${record.archive.sha256.slice(0, 16)}…`,
    `  local     stored and verified in ${local.location}`,
    `  off-site  ${off}`,
  ].join('\n');
}

/** Every store's backups, newest first. */
export function describeListings(listings: readonly StoreListing[]): string {
  const lines: string[] = [];
  for (const listing of listings) {
    lines.push(`${listing.store === 'local' ? 'Local' : 'Off-site'}: ${listing.location}`);
    if (listing.error) lines.push(`  UNREACHABLE: ${listing.error}`);
    else if (listing.backups.length === 0) lines.push('  no backups yet (`dalio backup create`)');
    for (const backup of listing.backups) {
      const state = !backup.complete
        ? 'INCOMPLETE (archive or record missing)'
        : backup.verifiedAt
          ? `verified ${backup.verifiedAt}`
          : 'not verified yet';
      lines.push(`  ${backup.id}  ${backup.createdAt}  seq ${backup.seq}  ${size(backup.bytes)}  ${state}`);
    }
  }
  return lines.join('\n');
}

/** One line per verified backup. */
export function describeVerify(results: readonly VerifyResult[], readData: boolean): string {
  const how = readData
    ? 'every byte read back and checked'
    : 'listing and sizes checked (add --read-data to check every byte)';
  const lines = results.map(
    (result) =>
      `${result.ok ? 'ok  ' : 'FAIL'}  ${result.store.padEnd(5)}  ${result.id ?? '-'}  ${result.detail}`,
  );
  return [`Verify: ${how}`, ...(lines.length > 0 ? lines : ['  no backups to verify'])].join('\n');
}

/** A restore plan (`--dry-run`) or what a restore is about to do. */
export function describePlan(plan: RestorePlan, dryRun: boolean): string {
  return [
    dryRun
      ? `Restore plan (dry run: nothing was changed) for backup ${plan.backup.id}:`
      : `Restored backup ${plan.backup.id}:`,
    ...plan.steps.map((step, index) => `  ${index + 1}. ${step}`),
    ...plan.skipped.map((line) => `  skipped (did not verify): ${line}`),
  ].join('\n');
}

/** What a prune did or would do, per store. */
export function describePrune(outcomes: readonly PruneOutcome[], dryRun: boolean): string {
  const lines: string[] = [];
  for (const outcome of outcomes) {
    lines.push(`${outcome.store === 'local' ? 'Local' : 'Off-site'}: ${outcome.location}`);
    if (outcome.error) lines.push(`  ERROR: ${outcome.error}`);
    for (const decision of outcome.decisions) {
      const verb = decision.keep ? 'keep  ' : dryRun ? 'would remove' : 'removed';
      lines.push(`  ${verb}  ${decision.id}${decision.keep ? `  (${decision.reasons.join(', ')})` : ''}`);
    }
    for (const id of outcome.orphans)
      lines.push(`  ${dryRun ? 'would remove' : 'removed'}  ${id}  (incomplete)`);
  }
  return lines.join('\n');
}

/** A restore drill, per store. */
export function describeDrill(record: DrillRecord): string {
  const lines = [`Restore drill ${record.ok ? 'PASSED' : 'FAILED'} at ${record.at}`];
  for (const result of record.results) {
    lines.push(
      `  ${result.ok ? 'ok  ' : 'FAIL'}  ${result.store}  ${result.backupId ?? '-'}  ${result.location}`,
    );
    for (const detail of result.details) lines.push(`        ${detail}`);
  }
  return lines.join('\n');
}
