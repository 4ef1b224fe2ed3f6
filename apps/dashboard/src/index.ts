export { createApi, type DashboardApi } from './server/api.ts';
export type { ApiAuthOptions, ApiOptions } from './server/api-context.ts';
export {
  type DashboardToken,
  GENERATED_TOKEN_FILE,
  resolveDashboardToken,
} from './server/auth/dashboard-token.ts';
export {
  type BackupListing,
  type BackupSummary,
  type BackupsPort,
  backupsNotConfigured,
  type DashboardDeps,
  type DashboardEvent,
} from './server/dashboard-deps.ts';
export { type EngineParts, engineActions } from './server/engine-actions.ts';
export { DashboardError, DashboardSetupError } from './server/errors.ts';
export {
  checkBind,
  type RunningDashboard,
  type StartDashboardOptions,
  startDashboard,
} from './server/start-dashboard.ts';
export type { AllocationRequest, GoalAnswer, StrategyPort } from './server/strategy-port.ts';
export { BUILT_WEB_DIR } from './server/web-routes.ts';
