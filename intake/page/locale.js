/* global navigator, document */
/**
 * Runs before anything else on the page. Chromium started under LANG=C or C.UTF-8 reports its language as
 * `en-US@posix`, a tag every Intl constructor rejects (RangeError: Invalid language tag); uPlot builds an
 * Intl.NumberFormat from navigator.language as it loads, so the whole page would fail. When the browser's own tag
 * is one Intl cannot use, the page reads `en-US` instead. The page's own text never goes through Intl (format.js).
 */
(function useALanguageIntlAccepts() {
  try {
    new Intl.NumberFormat(navigator.language);
  } catch {
    Object.defineProperty(navigator, 'language', { value: 'en-US', configurable: true });
    Object.defineProperty(navigator, 'languages', { value: ['en-US'], configurable: true });
    document.documentElement.dataset.localeFallback = 'en-US';
  }
})();
