/**
 * The browser the browser tests use (test/support/chromium.ts): it starts with no root and nothing installed by
 * hand, and its pages get a locale that Intl accepts whatever LANG the tests run under (LANG=C makes Chromium say
 * `en-US@posix` otherwise). `TEST_CHROMIUM=npm` proves the npm build alone is enough.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openBrowser, BROWSER_LOCALE, type OpenBrowser } from './chromium.js';

let browser: OpenBrowser;

beforeAll(async () => {
  browser = await openBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('the browser for the browser tests', () => {
  it('is the one TEST_CHROMIUM asks for (the npm build by default on Linux x64)', () => {
    const wanted = process.env.TEST_CHROMIUM;
    const npmDefault = process.platform === 'linux' && process.arch === 'x64';
    if (wanted === 'npm' || (!wanted && npmDefault)) expect(browser.source).toMatch(/^npm @sparticuz\/chromium \d+/);
    else if (wanted === 'system' || !wanted) expect(browser.source).toMatch(/^system \//);
    else expect(browser.source).toBe(`TEST_CHROMIUM ${wanted}`);
  });

  it(`gives pages the locale ${BROWSER_LOCALE}, which Intl date and number formats accept (LANG=${process.env.LANG ?? ''})`, async () => {
    const page = await browser.context.newPage();
    await page.setContent('<p>page</p>');
    const seen = await page.evaluate(() => ({
      language: navigator.language,
      date: new Intl.DateTimeFormat(navigator.language, { timeZone: 'UTC' }).format(Date.UTC(2026, 0, 31)),
      number: new Intl.NumberFormat(navigator.language).format(1234.5),
    }));
    expect(seen).toEqual({ language: 'en-US', date: '1/31/2026', number: '1,234.5' });
    await page.close();
  }, 60_000);
});
