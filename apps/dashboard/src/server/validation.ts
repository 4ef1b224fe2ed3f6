import { DashboardError } from './errors.ts';

/** What a zod validation hands the hook (the hook needs only the first issue). */
interface ValidationResult {
  success: boolean;
  error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] };
}

/** The zod validator hook of every body and query: a failure becomes one 400 naming the field, via `onError`. */
export function badBody(result: ValidationResult): void {
  if (result.success) return;
  const issue = result.error?.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  throw new DashboardError(400, `Bad request: ${where}${issue?.message ?? 'invalid'}`);
}
