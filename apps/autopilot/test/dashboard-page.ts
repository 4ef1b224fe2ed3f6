import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { type DashboardChild, E2E_DASHBOARD_TOKEN } from './dashboard-child.ts';

/** A signed-in page, and every console error and uncaught exception it produced. */
export interface OpenPage {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/**
 * Open a browser context on the dashboard and sign in: with the one-time login link (one browser), or the token
 * form; resolves once the overview shows the portfolio value.
 */
export async function openDashboard(
  browser: Browser,
  dashboard: DashboardChild,
  options: BrowserContextOptions & { via: 'link' | 'token'; timeoutMs: number },
): Promise<OpenPage> {
  const { via, timeoutMs, ...contextOptions } = options;
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  if (via === 'link') await page.goto(dashboard.loginUrl);
  else {
    await page.goto(dashboard.url);
    await page.getByLabel('Dashboard token').fill(E2E_DASHBOARD_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await page.getByTestId('portfolio-value').waitFor({ timeout: timeoutMs });
  return { context, page, errors };
}
