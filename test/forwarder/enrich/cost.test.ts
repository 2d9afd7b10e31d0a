/** Figures computed by hand (shown in each case) from the us-east-1 prices: $0.20 per 1M requests,
 * $0.0000166667 per GB-s on x86_64, $0.0000133334 on arm64. GB = MB / 1024. */
import { estimatedCost, pricesFromEnv, US_EAST_1_PRICES } from '../../../forwarder/enrich/cost.js';

describe('estimatedCost', () => {
  test.each([
    // 128 MB × 100 ms = 0.125 GB × 0.1 s = 0.0125 GB-s; × 0.0000166667 = 0.00000020833375; + 0.0000002
    [{ billedDurationMs: 100, memorySizeMb: 128, architecture: 'x86_64' }, 0.00000040833375],
    // 1024 MB × 1000 ms = 1 GB-s; × 0.0000133334 = 0.0000133334; + 0.0000002
    [{ billedDurationMs: 1000, memorySizeMb: 1024, architecture: 'arm64' }, 0.0000135334],
    // 1536 MB × 47 ms = 1.5 × 0.047 = 0.0705 GB-s; × 0.0000166667 = 0.00000117500235; + 0.0000002
    [{ billedDurationMs: 47, memorySizeMb: 1536, architecture: 'x86_64' }, 0.00000137500235],
    // 10240 MB × 900000 ms = 10 GB × 900 s = 9000 GB-s; × 0.0000133334 = 0.1200006; + 0.0000002
    [{ billedDurationMs: 900_000, memorySizeMb: 10_240, architecture: 'arm64' }, 0.1200008],
    // 0 ms billed (never happens, but must not break): the request charge alone
    [{ billedDurationMs: 0, memorySizeMb: 128, architecture: 'arm64' }, 0.0000002],
  ])('%j → %d USD', (input, usd) => {
    const cost = estimatedCost(input);
    expect(cost).toBeDefined();
    expect(Math.abs((cost as number) - usd) / usd).toBeLessThan(1e-9);
  });

  test('an unknown architecture is priced as x86_64 (the dearer), never under-reporting', () => {
    const x86 = estimatedCost({ billedDurationMs: 100, memorySizeMb: 128, architecture: 'x86_64' });
    expect(estimatedCost({ billedDurationMs: 100, memorySizeMb: 128 })).toBe(x86);
    expect(estimatedCost({ billedDurationMs: 100, memorySizeMb: 128, architecture: 'sparc' })).toBe(x86);
    expect(estimatedCost({ billedDurationMs: 100, memorySizeMb: 128, architecture: 'arm64' })).toBeLessThan(x86 as number);
  });

  test.each([{ memorySizeMb: 128 }, { billedDurationMs: 100 }, { billedDurationMs: Number.NaN, memorySizeMb: 128 }, { billedDurationMs: -1, memorySizeMb: 128 }])(
    'no estimate without usable billed duration and memory: %j',
    (input) => {
      expect(estimatedCost(input)).toBeUndefined();
    },
  );

  test('uses the prices it is given', () => {
    const prices = { perRequestUsd: 0, perGbSecondUsd: { x86_64: 1, arm64: 2 } };
    expect(estimatedCost({ billedDurationMs: 2000, memorySizeMb: 512, architecture: 'arm64' }, prices)).toBe(2); // 0.5 GB × 2 s × 2
  });
});

describe('pricesFromEnv', () => {
  test('defaults to us-east-1', () => {
    expect(pricesFromEnv({})).toEqual({ prices: US_EAST_1_PRICES, errors: [] });
  });

  test('overrides each price; requests are given per million', () => {
    const { prices, errors } = pricesFromEnv({
      LAMBDA_PRICE_PER_MILLION_REQUESTS_USD: '0.25',
      LAMBDA_PRICE_GB_SECOND_X86_64_USD: '0.0000208',
      LAMBDA_PRICE_GB_SECOND_ARM64_USD: '0.0000166',
    });
    expect(errors).toEqual([]);
    expect(prices.perRequestUsd).toBeCloseTo(0.00000025, 15);
    expect(prices.perGbSecondUsd).toEqual({ x86_64: 0.0000208, arm64: 0.0000166 });
  });

  test('a bad value is named and its default kept', () => {
    const { prices, errors } = pricesFromEnv({ LAMBDA_PRICE_GB_SECOND_ARM64_USD: 'cheap' });
    expect(errors).toEqual([expect.stringContaining('LAMBDA_PRICE_GB_SECOND_ARM64_USD')]);
    expect(prices.perGbSecondUsd.arm64).toBe(US_EAST_1_PRICES.perGbSecondUsd.arm64);
  });
});
