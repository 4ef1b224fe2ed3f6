import { createContext, useContext } from 'react';

/** What every panel needs to know about this browser: whether it may act. */
export interface DashboardView {
  /** The session's CSRF token; null when this browser only reads (public read-only, not signed in). */
  csrfToken: string | null;
}

/** The view of this browser, set once by the app. */
export const DashboardContext = createContext<DashboardView>({ csrfToken: null });

/** The view of this browser. */
export function useDashboard(): DashboardView {
  return useContext(DashboardContext);
}
