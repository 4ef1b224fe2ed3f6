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

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** How long the page may take to show what the server already has (a few background reads of the broker). */
const SHOWS_WITHIN_MS = 30_000;

/** Sign in (link or token form) and open the overview. */
const openDashboard = (
  browser: Browser,
  dashboard: DashboardChild,
  options: BrowserContextOptions & { via: 'link' | 'token' },
) => openPage(browser, dashboard, { ...options, timeoutMs: SHOWS_WITHIN_MS });

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

/** Text of a cell, waiting for it to exist. */
async function textOf(page: Page, testId: string): Promise<string> {
  const locator = page.getByTestId(testId);
  await locator.waitFor({ timeout: SHOWS_WITHIN_MS });
  return (await locator.textContent()) ?? '';
}

describe.skipIf(BROWSER_TESTS_UNAVAILABLE)('the dashboard in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe('one account watched while the CLI and the UI act on it', () => {
    let scenario: E2eScenario;
    let dashboard: DashboardChild;
    let watcher: OpenPage;
    beforeAll(async () => {
      scenario = await startScenario({ at: MONDAY_10AM });
      await scenario.seed(DRIFTED);
      dashboard = await startDashboardChild(scenario.env);
      watcher = await openDashboard(browser, dashboard, {
        via: 'link',
        viewport: { width: 1280, height: 900 },
      });
    }, 120_000);
    afterAll(async () => {
      await watcher?.context.close();
      await dashboard?.stop();
      await scenario?.stop();
    });

    it('the overview renders the real account from the running simulator and engine', async () => {
      const { page, errors } = watcher;
      const account = await scenario.broker.getAccount();
      await page
        .getByTestId('portfolio-value')
        .filter({ hasText: usd.format(account.equityUsd) })
        .waitFor({ timeout: SHOWS_WITHIN_MS });
      // The one-time code left the address bar at once.
      expect(page.url()).not.toContain('login=');
      expect(await textOf(page, 'mode-badge')).toBe('PAPER');
      const positions = await scenario.broker.getPositions();
      for (const position of positions) {
        const cell = page.getByTestId(`value-${position.symbol}`);
        await cell
          .filter({ hasText: usd.format(position.marketValueUsd) })
          .waitFor({ timeout: SHOWS_WITHIN_MS });
      }
      expect(await textOf(page, 'policy-decision')).toMatch(/^Rebalance due: .*VTI/);
      await page.getByText('No history yet: nothing has run.').waitFor();
      await screenshot(page, 'overview-before-any-cycle');
      expect(errors).toEqual([]);
    }, 60_000);

    it('a cycle run from the CLI appears without a reload, with its orders and the new positions', async () => {
      const { page, errors } = watcher;
      // Marks this page load: a reload would lose it.
      await page.evaluate('window.notReloaded = true');
      const vtiBefore = await textOf(page, 'value-VTI');
      const run = await scenario.dalio(['run', '--json']);
      expect(JSON.parse(run.stdout)).toMatchObject({ outcome: 'committed', code: 'traded' });
      const cycle = page.locator('[data-testid=cycles] li').first();
      await cycle.filter({ hasText: 'committed' }).waitFor({ timeout: SHOWS_WITHIN_MS });
      await page
        .getByTestId('value-VTI')
        .filter({ hasNotText: vtiBefore })
        .waitFor({ timeout: SHOWS_WITHIN_MS });
      await page
        .getByTestId('last-cycle')
        .filter({ hasText: 'committed' })
        .waitFor({ timeout: SHOWS_WITHIN_MS });
      // Open the cycle: its orders with the broker's answers.
      await cycle.locator('summary').click();
      await cycle.getByText('filled').first().waitFor();
      await expect(cycle.locator('tbody tr').count()).resolves.toBeGreaterThan(1);
      expect(await page.evaluate('window.notReloaded === true')).toBe(true);
      await screenshot(page, 'cycle-from-cli-appeared');
      expect(errors).toEqual([]);
    }, 90_000);

    it('halt from the UI (confirmed) shows the halted state everywhere, in every open browser; resume clears it', async () => {
      const { page, errors } = watcher;
      const other = await openDashboard(browser, dashboard, {
        via: 'token',
        viewport: { width: 1024, height: 800 },
      });
      await page.getByRole('button', { name: 'Halt…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Halt trading' });
      await dialog
        .getByText('every cycle (the daemon, dalio run, this dashboard) refuses to place orders')
        .waitFor();
      await dialog.getByLabel('Reason (shown by every refused cycle)').fill('checking the broker statement');
      await screenshot(page, 'halt-confirmation');
      await dialog.getByRole('button', { name: 'Halt trading' }).click();

      for (const view of [page, other.page]) {
        await view.getByTestId('halted-badge').waitFor({ timeout: SHOWS_WITHIN_MS });
        await view
          .getByTestId('halted-banner')
          .filter({ hasText: 'checking the broker statement' })
          .waitFor({ timeout: SHOWS_WITHIN_MS });
        await view
          .getByTestId('risk-halt')
          .filter({ hasText: 'HALTED since' })
          .waitFor({ timeout: SHOWS_WITHIN_MS });
        await view.getByText('none while halted').waitFor({ timeout: SHOWS_WITHIN_MS });
        expect(await view.getByRole('button', { name: 'Rebalance now…' }).isDisabled()).toBe(true);
      }
      // The CLI sees it too: its cycle is refused, and that refusal appears in the page.
      await scenario.setClock('2025-03-14T15:00:00.000Z');
      const refused = await scenario.dalio(['run', '--json']);
      expect(JSON.parse(refused.stdout)).toMatchObject({ outcome: 'refused', code: 'halted' });
      await page
        .locator('[data-testid=cycles] li')
        .first()
        .filter({ hasText: 'refused' })
        .waitFor({ timeout: SHOWS_WITHIN_MS });
      await screenshot(page, 'halted-everywhere');
      await screenshot(other.page, 'halted-in-a-second-browser');

      await page.getByRole('button', { name: 'Resume…' }).click();
      const resume = page.getByRole('dialog', { name: 'Resume trading' });
      await resume.getByText('the halt (since').waitFor();
      await resume.getByRole('button', { name: 'Resume trading' }).click();
      for (const view of [page, other.page])
        await view.getByTestId('halted-badge').waitFor({ state: 'detached', timeout: SHOWS_WITHIN_MS });
      expect(errors).toEqual([]);
      expect(other.errors).toEqual([]);
      await other.context.close();
    }, 120_000);

    it('a 375 px phone screen has no horizontal scroll, and every panel is there', async () => {
      const phone = await openDashboard(browser, dashboard, {
        via: 'token',
        viewport: { width: 375, height: 812 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
      });
      await phone.page.locator('#performance .chart canvas').waitFor({ timeout: SHOWS_WITHIN_MS });
      const widths = await phone.page.evaluate<{ scroll: number; client: number; widest: number }>(`({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        widest: Math.max(...[...document.querySelectorAll('body *')].map((el) => el.getBoundingClientRect().right)),
      })`);
      expect(widths.client).toBe(375);
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      expect(widths.widest).toBeLessThanOrEqual(375.5);
      for (const title of [
        'Overview',
        'Allocation vs target',
        'Positions',
        'Performance vs benchmarks',
        'Risk',
        'Health',
      ])
        await phone.page.getByRole('heading', { name: title }).waitFor();
      await screenshot(phone.page, 'phone-375px');
      await phone.page.screenshot({ path: `${ARTIFACTS}phone-375px-first-screen.png` });
      for (const panel of ['allocation', 'positions', 'performance'])
        await phone.page.locator(`#${panel}`).screenshot({ path: `${ARTIFACTS}phone-375px-${panel}.png` });
      expect(phone.errors).toEqual([]);
      await phone.context.close();
    }, 60_000);

    it('dark mode renders: following the system, and by the switch', async () => {
      const dark = await openDashboard(browser, dashboard, {
        via: 'token',
        viewport: { width: 1280, height: 900 },
        colorScheme: 'dark',
      });
      await dark.page.locator('#performance .chart canvas').waitFor({ timeout: SHOWS_WITHIN_MS });
      const background = () => dark.page.evaluate('getComputedStyle(document.body).backgroundColor');
      expect(await background()).toBe('rgb(15, 20, 25)');
      await screenshot(dark.page, 'dark-mode-system');
      // The switch: system → light → dark.
      await dark.page.getByRole('button', { name: /^Theme: system/ }).click();
      expect(await background()).toBe('rgb(245, 246, 248)');
      await dark.page.getByRole('button', { name: /^Theme: light/ }).click();
      expect(await background()).toBe('rgb(15, 20, 25)');
      expect(await dark.page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
      expect(dark.errors).toEqual([]);
      await dark.context.close();
    }, 60_000);
  });

  it('a rebalance from the UI, confirmed in a dialog that lists every order, changes the positions', async () => {
    const scenario = await startScenario({ at: MONDAY_10AM });
    await scenario.seed(DRIFTED);
    const dashboard = await startDashboardChild(scenario.env);
    try {
      const { page, errors, context } = await openDashboard(browser, dashboard, {
        via: 'link',
        viewport: { width: 1280, height: 900 },
      });
      const vtiBefore = await textOf(page, 'value-VTI');
      // The dry run: what a cycle would do now, and no way to send it from there.
      await page.getByRole('button', { name: 'Dry run…' }).click();
      const dryRun = page.getByRole('dialog', { name: 'Dry run' });
      await dryRun
        .getByText(/^A cycle now would place \d+ market orders/)
        .waitFor({ timeout: SHOWS_WITHIN_MS });
      expect(await dryRun.getByRole('button').allTextContents()).toEqual(['Close']);
      await dryRun.getByRole('button', { name: 'Close' }).click();
      await dryRun.waitFor({ state: 'detached' });
      // Keyboard only: focus the button, open with Enter; Escape cancels and nothing is sent.
      await page.getByRole('button', { name: 'Rebalance now…' }).focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Rebalance now' });
      await dialog
        .getByText(/^The engine will place \d+ market orders/)
        .waitFor({ timeout: SHOWS_WITHIN_MS });
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await scenario.ownOrders()).toEqual([]);

      await page.getByRole('button', { name: 'Rebalance now…' }).click();
      await dialog
        .getByText(/^The engine will place \d+ market orders/)
        .waitFor({ timeout: SHOWS_WITHIN_MS });
      const listed = await dialog.locator('.order-list li').allTextContents();
      expect(listed[0]).toMatch(/^Sell VTI (\$[\d,]+\.\d{2}|[\d.]+ shares \(≈ \$[\d,]+\.\d{2}\))$/);
      expect(listed.slice(1).every((line) => /^Buy (TLT|GLD|DBC) \$[\d,]+\.\d{2}$/.test(line))).toBe(true);
      await screenshot(page, 'rebalance-confirmation');
      await dialog.getByRole('button', { name: `Place ${listed.length} orders` }).click();

      await page
        .getByRole('status')
        .filter({ hasText: /^Cycle 2025-03-03 committed/ })
        .waitFor({ timeout: 60_000 });
      await page
        .getByTestId('value-VTI')
        .filter({ hasNotText: vtiBefore })
        .waitFor({ timeout: SHOWS_WITHIN_MS });
      const orders = await scenario.ownOrders();
      expect(orders.map((order) => `${order.side} ${order.symbol}`).sort()).toEqual(
        listed
          .map((line) => {
            const [side = '', symbol = ''] = line.split(' ');
            return `${side.toLowerCase()} ${symbol}`;
          })
          .sort(),
      );
      await page
        .getByTestId('policy-decision')
        .filter({ hasText: /^On target/ })
        .waitFor({ timeout: SHOWS_WITHIN_MS });
      await page
        .getByTestId('last-cycle')
        .filter({ hasText: 'committed' })
        .waitFor({ timeout: SHOWS_WITHIN_MS });
      await screenshot(page, 'after-ui-rebalance');
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await dashboard.stop();
      await scenario.stop();
    }
  }, 180_000);
});
