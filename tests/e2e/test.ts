import { test as base } from '@playwright/test';

export { expect } from '@playwright/test';

/**
 * The journeys open their own browser contexts (one per person). Playwright closes only the
 * contexts of its own fixtures: without this, every page of every earlier journey stays open,
 * live and re-rendering its clocks, and the last journeys of the suite share two cores with
 * dozens of them. Every context still open when a test ends is closed here.
 */
export const test = base.extend<{ closeContexts: void }>({
  closeContexts: [
    async ({ browser }, use) => {
      await use();
      await Promise.all(browser.contexts().map((context) => context.close()));
    },
    { auto: true },
  ],
});
