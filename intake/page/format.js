/**
 * Numbers, units and times as the page writes them. No Intl and no toLocale*: the page must work whatever locale
 * the browser reports (Chromium under LANG=C reports `en-US@posix`, which every Intl constructor rejects), and one
 * spelling everywhere keeps the figures comparable.
 */

/** Datadog unit names (metric metadata) → what follows a number on the page; `prefix` units go before it. */
const UNIT_LABELS = {
  second: { label: 's' },
  millisecond: { label: 'ms' },
  microsecond: { label: 'µs' },
  nanosecond: { label: 'ns' },
  minute: { label: 'min' },
  mebibyte: { label: 'MB' }, // Lambda's own "MB" (REPORT lines, the console) are mebibytes
  megabyte: { label: 'MB' },
  kibibyte: { label: 'KiB' },
  byte: { label: 'B' },
  dollar: { label: '$', prefix: true },
  percent: { label: '%' },
};

/** The short label of a Datadog unit; units that name what is counted (invocation, error, request…) show none. */
export function unitLabel(unit) {
  return UNIT_LABELS[unit]?.label ?? '';
}

/** A number in at most about 4 significant digits: 1234, 12.3k, 4.5M, 0.0123, 3.5e-7. */
export function formatNumber(value, digits = 3) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 1e9) return `${trim((value / 1e9).toFixed(2))}G`;
  if (abs >= 1e6) return `${trim((value / 1e6).toFixed(2))}M`;
  if (abs >= 1e4) return `${trim((value / 1e3).toFixed(1))}k`;
  if (Number.isInteger(value)) return String(value);
  if (abs < 0.001) {
    const [mantissa, exponent] = value.toExponential(digits - 2 < 1 ? 1 : digits - 2).split('e');
    return `${trim(mantissa)}e${exponent.replace('+', '')}`;
  }
  if (abs >= 100) return trim(value.toFixed(1));
  return trim(value.toPrecision(digits));
}

/** `1.50` → `1.5`, `2.00` → `2`; leaves integers and exponents alone. */
function trim(text) {
  if (!text.includes('.')) return text;
  let end = text.length;
  while (text[end - 1] === '0') end--;
  if (text[end - 1] === '.') end--;
  return text.slice(0, end);
}

/** A number with its unit: `1.23 s`, `$0.0012`, `42`. */
export function formatValue(value, unit) {
  const text = formatNumber(value);
  const spec = UNIT_LABELS[unit];
  if (!spec || text === '–') return text;
  return spec.prefix ? `${spec.label}${text}` : `${text} ${spec.label}`;
}

/** A share (0..1) as a percentage: `12.5%`. */
export function formatShare(share) {
  if (share === null || share === undefined || Number.isNaN(share)) return '–';
  const percent = share * 100;
  return `${percent === 0 || percent >= 10 ? trim(percent.toFixed(1)) : trim(percent.toPrecision(2))}%`;
}

const two = (n) => String(n).padStart(2, '0');

/** Local wall-clock time of epoch seconds: `14:03:27`. */
export function formatTime(epochSeconds) {
  const date = new Date(epochSeconds * 1000);
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** A time-axis tick: `14:03` on whole minutes, `14:03:20` otherwise. */
export function formatTick(epochSeconds) {
  const date = new Date(epochSeconds * 1000);
  const minute = `${two(date.getHours())}:${two(date.getMinutes())}`;
  return date.getSeconds() === 0 ? minute : `${minute}:${two(date.getSeconds())}`;
}
