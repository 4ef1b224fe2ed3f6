import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TESTS_UNAVAILABLE, launchChromium } from '../../test/chromium.ts';
import { type DashboardChild, startDashboardChild } from '../../test/dashboard-child.ts';
import { type OpenPage, openDashboard as openPage } from '../../test/dashboard-page.ts';
import { DRIFTED, type E2eScenario, MONDAY_10AM, startScenario } from '../../test/e2e-scenario.ts';

/** Screenshots of every test, kept as artifacts (gitignored) for a person to look at. */
const ARTIFACTS = fileURLToPath(new URL('../../../dashboard/test-artifacts/', import.meta.url));

/** How long the page may take to show what the server computes (a backtest of every preset on first load). */
const SHOWS_WITHIN_MS = 60_000;

/** Sign in and open the overview, waiting as long as a first backtest may take. */
const openDashboard = (
  browser: Browser,
  dashboard: DashboardChild,
  options: BrowserContextOptions & { via: 'link' | 'token' },
) => openPage(browser, dashboard, { ...options, timeoutMs: SHOWS_WITHIN_MS });

const weightInput = (page: Page, row: number) =>
  page.getByLabel(`Weight of symbol ${row} (%)`, { exact: true });
const symbolInput = (page: Page, row: number) => page.getByLabel(`Symbol ${row}`, { exact: true });

describe.skipIf(BROWSER_TESTS_UNAVAILABLE)('strategy and goals in headless Chromium', () => {
  let browser: Browser;
  let scenario: E2eScenario;
  let dashboard: DashboardChild;
  let desk: OpenPage;
  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    scenario = await startScenario({ at: MONDAY_10AM, configYaml: 'allocation:\n  preset: dalio-lite\n' });
    await scenario.seed(DRIFTED);
    dashboard = await startDashboardChild(scenario.env);
    desk = await openDashboard(browser, dashboard, { via: 'link', viewport: { width: 1280, height: 900 } });
  }, 120_000);
  afterAll(async () => {
    await desk?.context.close();
    await dashboard?.stop();
    await scenario?.stop();
    await browser?.close();
  });

  it('picking a preset shows its figures from the backtester and charts it against the current one', async () => {
    const { page, errors } = desk;
    const strategy = page.locator('#strategy');
    await strategy.getByRole('button', { name: 'all-weather' }).click({ timeout: SHOWS_WITHIN_MS });
    const figures = strategy.getByTestId('strategy-figures');
    await figures.filter({ hasText: 'all-weather' }).waitFor();
    expect(await figures.getByTestId('figure-cagr').textContent()).toMatch(/^-?\d+\.\d\d %$/);
    expect(await figures.getByTestId('figure-max-drawdown').textContent()).toMatch(
      /^−\d+\.\d %, \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d$/,
    );
    // Two charts (value and drawdown), each with both allocations in its legend.
    await expect(strategy.locator('.chart canvas').count()).resolves.toBe(2);
    await expect(strategy.locator('.u-legend').first().textContent()).resolves.toMatch(
      /dalio-lite.*all-weather/s,
    );
    await strategy.screenshot({ path: `${ARTIFACTS}strategy-preset-picked.png` });
    expect(errors).toEqual([]);
  }, 120_000);

  it('a draft that does not total 100 % or names an untradable symbol is blocked with the reason', async () => {
    const { page, errors } = desk;
    const builder = page.locator('#allocation-builder');
    const apply = builder.getByRole('button', { name: 'Apply…' });
    await weightInput(page, 1).fill('30');
    await builder
      .getByTestId('draft-problems')
      .filter({ hasText: 'The weights total 90 %; they must total exactly 100 %' })
      .waitFor();
    await expect(apply.isDisabled()).resolves.toBe(true);
    await weightInput(page, 1).fill('40');
    await symbolInput(page, 4).fill('ZZZQ');
    await builder
      .getByTestId('draft-problems')
      .filter({ hasText: 'ZZZQ is not an asset the broker knows: check the ticker' })
      .waitFor({ timeout: SHOWS_WITHIN_MS });
    await expect(apply.isDisabled()).resolves.toBe(true);
    await builder.screenshot({ path: `${ARTIFACTS}allocation-draft-blocked.png` });
    expect(errors).toEqual([]);
  }, 120_000);

  it('applying a valid allocation (confirmed) shows it pending, and the next cycle trades toward it', async () => {
    const { page, errors } = desk;
    const builder = page.locator('#allocation-builder');
    // VTI 50, GLD 50: TLT and the unknown symbol are removed.
    await builder.getByRole('button', { name: 'Remove symbol 4' }).click();
    await builder.getByRole('button', { name: 'Remove symbol 2' }).click();
    await symbolInput(page, 1).fill('VTI');
    await weightInput(page, 1).fill('50');
    await symbolInput(page, 2).fill('GLD');
    await weightInput(page, 2).fill('50');
    await builder.getByTestId('draft-preview').waitFor({ timeout: SHOWS_WITHIN_MS });
    await builder.getByRole('button', { name: 'Apply…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change the target allocation' });
    await dialog.getByText('To VTI 50 %, GLD 50 %').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}allocation-apply-confirmation.png` });
    await dialog.getByRole('button', { name: 'Apply the allocation' }).click();
    await page
      .getByTestId('allocation-pending')
      .filter({ hasText: 'VTI 50 %, GLD 50 %, set by dashboard' })
      .waitFor({ timeout: SHOWS_WITHIN_MS });
    const run = await scenario.dalio(['run', '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcome: 'committed', code: 'traded' });
    const orders = await scenario.ownOrders();
    const bySymbol = Object.fromEntries(orders.map((order) => [order.symbol, order.side]));
    // Toward VTI 50 / GLD 50: VTI (60 % of the money) is sold down, GLD bought; the symbols the new mix drops
    // are left as they are (the plan does not liquidate holdings outside the targets), and nothing else is bought.
    expect(bySymbol).toEqual({ VTI: 'sell', GLD: 'buy' });
    await page.getByTestId('allocation-pending').waitFor({ state: 'detached', timeout: SHOWS_WITHIN_MS });
    expect(errors).toEqual([]);
  }, 180_000);

  it('a preset picked in the builder fills the draft with its weights, checked and previewed', async () => {
    const { page, errors } = desk;
    const builder = page.locator('#allocation-builder');
    await builder.getByLabel('Start from a preset').selectOption('sixty-forty');
    await expect(symbolInput(page, 1).inputValue()).resolves.toBe('VTI');
    await expect(weightInput(page, 1).inputValue()).resolves.toBe('60');
    await expect(symbolInput(page, 2).inputValue()).resolves.toBe('AGG');
    await expect(weightInput(page, 2).inputValue()).resolves.toBe('40');
    await expect(symbolInput(page, 3).count()).resolves.toBe(0);
    await builder.getByTestId('draft-preview').waitFor({ timeout: SHOWS_WITHIN_MS });
    await expect(builder.getByRole('button', { name: 'Apply…' }).isDisabled()).resolves.toBe(false);
    expect(errors).toEqual([]);
  }, 120_000);

  it('a goal set shows its projection and progress, and is still there after a reload', async () => {
    const { page, errors } = desk;
    const goal = page.locator('#goal');
    await goal.getByLabel('Target amount (USD, today’s dollars)').fill('250000');
    await goal.getByLabel('By').fill('2040-01-02');
    await goal.getByLabel('Monthly contribution (USD)').fill('500');
    await goal.getByLabel(/^Chance to plan for/).fill('95');
    await goal.getByRole('button', { name: 'Set the goal' }).click();
    await goal
      .getByTestId('goal-probability')
      .filter({ hasText: /^\d+(\.\d)? % \(\d{1,3}(,\d{3})* paths\)$/ })
      .waitFor({ timeout: SHOWS_WITHIN_MS });
    expect(await goal.getByTestId('goal-needed').textContent()).toMatch(/^\$[\d,]+\.\d\d a month$/);
    // The contribution needed is for the chance asked for.
    expect(await goal.getByText('Needed for 95 %').count()).toBe(1);
    expect(await goal.getByTestId('goal-progress').textContent()).toMatch(/now, \d+(\.\d)? % of the goal/);
    await expect(goal.locator('.chart canvas').count()).resolves.toBe(1);
    await goal.screenshot({ path: `${ARTIFACTS}goal-projection.png` });
    await page.reload();
    await page
      .locator('#goal')
      .getByTestId('goal-summary')
      .filter({ hasText: '$250,000.00' })
      .waitFor({ timeout: SHOWS_WITHIN_MS });
    expect(errors).toEqual([]);
  }, 180_000);

  it('on a 375 px phone, light and dark, the strategy pages fit without horizontal scroll', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const phone = await openDashboard(browser, dashboard, {
        via: 'token',
        viewport: { width: 375, height: 812 },
        colorScheme,
      });
      await phone.page.locator('#strategy .chart canvas').first().waitFor({ timeout: SHOWS_WITHIN_MS });
      await phone.page.locator('#goal .chart canvas').waitFor({ timeout: SHOWS_WITHIN_MS });
      await phone.page.getByTestId('explanation').waitFor({ timeout: SHOWS_WITHIN_MS });
      const scrollWidth = await phone.page.evaluate('document.documentElement.scrollWidth');
      expect(scrollWidth).toBeLessThanOrEqual(375);
      for (const panel of ['strategy', 'allocation-builder', 'goal', 'how-it-decides'])
        await phone.page
          .locator(`#${panel}`)
          .screenshot({ path: `${ARTIFACTS}phone-${colorScheme}-${panel}.png` });
      expect(phone.errors).toEqual([]);
      await phone.context.close();
    }
    await desk.context.close();
    const dark = await openDashboard(browser, dashboard, {
      via: 'token',
      viewport: { width: 1280, height: 900 },
      colorScheme: 'dark',
    });
    desk = dark;
    await dark.page.locator('#strategy .chart canvas').first().waitFor({ timeout: SHOWS_WITHIN_MS });
    await dark.page.locator('#strategy').screenshot({ path: `${ARTIFACTS}desktop-dark-strategy.png` });
    await dark.page.locator('#goal').screenshot({ path: `${ARTIFACTS}desktop-dark-goal.png` });
  }, 180_000);
});
