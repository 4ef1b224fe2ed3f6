import { ActionBar } from './components/action-bar.tsx';
import { AlertsPanel } from './components/alerts-panel.tsx';
import { AllocationPanel } from './components/allocation-panel.tsx';
import { BackupsPanel } from './components/backups-panel.tsx';
import { CyclesPanel } from './components/cycles-panel.tsx';
import { ErrorsPanel } from './components/errors-panel.tsx';
import { HeaderBar } from './components/header-bar.tsx';
import { HealthPanel } from './components/health-panel.tsx';
import { OverviewPanel } from './components/overview-panel.tsx';
import { Empty } from './components/panel.tsx';
import { PerformancePanel } from './components/performance-panel.tsx';
import { PositionsPanel } from './components/positions-panel.tsx';
import { RiskPanel } from './components/risk-panel.tsx';
import { SignIn } from './components/sign-in.tsx';
import { StatusBanners } from './components/status-banners.tsx';
import { StrategySection } from './components/strategy-section.tsx';
import { DashboardContext } from './dashboard-context.ts';
import { useLiveUpdates } from './live-updates.ts';
import {
  useAlerts,
  useAllocation,
  useBackups,
  useErrors,
  useHealth,
  usePerformance,
  usePortfolio,
  useRisk,
  useSession,
  useStatus,
} from './queries.ts';
import { useTheme } from './theme.ts';

/** Every panel, fed by its own query; live updates refetch just what changed. */
function Dashboard(props: { csrfToken: string | null; theme: ReturnType<typeof useTheme> }) {
  const live = useLiveUpdates(true);
  const polling = live === 'polling';
  const status = useStatus(polling);
  const portfolio = usePortfolio(polling);
  const allocation = useAllocation(polling);
  const performance = usePerformance(polling);
  const risk = useRisk(polling);
  const health = useHealth(polling);
  const alerts = useAlerts(polling);
  const backups = useBackups(polling);
  const errors = useErrors(polling);
  return (
    <DashboardContext.Provider value={{ csrfToken: props.csrfToken }}>
      <a className="skip" href="#main">
        Skip to the dashboard
      </a>
      <HeaderBar status={status.data} live={live} theme={props.theme} csrfToken={props.csrfToken} />
      <main id="main">
        <StatusBanners status={status.data} />
        {props.csrfToken ? <ActionBar status={status.data} portfolio={portfolio.data} /> : <SignIn compact />}
        <div className="grid">
          <OverviewPanel status={status.data} error={status.error} />
          <AllocationPanel allocation={allocation.data} error={allocation.error} />
          <PositionsPanel portfolio={portfolio.data} error={portfolio.error} />
          <PerformancePanel
            performance={performance.data}
            error={performance.error}
            themeVersion={props.theme.version}
          />
          <CyclesPanel polling={polling} />
          <RiskPanel risk={risk.data} error={risk.error} />
          <HealthPanel health={health.data} error={health.error} />
          <AlertsPanel alerts={alerts.data} error={alerts.error} />
          <BackupsPanel backups={backups.data} error={backups.error} />
          <ErrorsPanel log={errors.data} error={errors.error} />
        </div>
        <StrategySection csrfToken={props.csrfToken} themeVersion={props.theme.version} />
      </main>
    </DashboardContext.Provider>
  );
}

/** The app: the sign-in page until there is a session (or read-only access), then the dashboard. */
export function App() {
  const theme = useTheme();
  const session = useSession();
  if (session.isPending) return <Empty kind="loading">Loading Dalio Lite…</Empty>;
  if (session.error)
    return (
      <main className="center">
        <Empty kind="error">{session.error.message}</Empty>
      </main>
    );
  if (!session.data.signedIn && !session.data.publicReadOnly)
    return (
      <main className="center">
        <SignIn />
      </main>
    );
  return <Dashboard csrfToken={session.data.csrfToken} theme={theme} />;
}
