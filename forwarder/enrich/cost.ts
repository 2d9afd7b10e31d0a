/**
 * Estimated cost of one Lambda invocation in USD (on-demand compute + request charge; free tier ignored):
 *
 *     perRequestUsd + (memorySizeMb / 1024) GB × (billedDurationMs / 1000) s × perGbSecondUsd[architecture]
 *
 * Default prices are us-east-1's (wire-formats §5); other regions set the LAMBDA_PRICE_* env vars (pricesFromEnv).
 * Not included: SnapStart restore/cache charges, provisioned concurrency, ephemeral storage above 512 MB, data
 * transfer. Pure.
 */
export type Architecture = 'x86_64' | 'arm64';

export interface LambdaPrices {
  perRequestUsd: number;
  perGbSecondUsd: Record<Architecture, number>;
}

export const US_EAST_1_PRICES: LambdaPrices = Object.freeze({
  perRequestUsd: 0.2 / 1_000_000,
  perGbSecondUsd: Object.freeze({ x86_64: 0.0000166667, arm64: 0.0000133334 }),
});

export const PriceEnv = {
  PerMillionRequests: 'LAMBDA_PRICE_PER_MILLION_REQUESTS_USD',
  GbSecondX86: 'LAMBDA_PRICE_GB_SECOND_X86_64_USD',
  GbSecondArm: 'LAMBDA_PRICE_GB_SECOND_ARM64_USD',
} as const;

export interface CostInput {
  billedDurationMs?: number;
  memorySizeMb?: number;
  /** Unknown (tags not fetched yet): priced as x86_64, the dearer one, so an estimate never under-reports. */
  architecture?: string;
}

/** USD for one invocation, or undefined when the report lacks the billed duration or the memory size. */
export function estimatedCost(input: CostInput, prices: LambdaPrices = US_EAST_1_PRICES): number | undefined {
  const { billedDurationMs, memorySizeMb } = input;
  if (!isUsable(billedDurationMs) || !isUsable(memorySizeMb)) return undefined;
  const gbSeconds = (memorySizeMb / 1024) * (billedDurationMs / 1000);
  const rate = input.architecture === 'arm64' ? prices.perGbSecondUsd.arm64 : prices.perGbSecondUsd.x86_64;
  return prices.perRequestUsd + gbSeconds * rate;
}

function isUsable(n: number | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0;
}

/**
 * Prices from the env, each falling back to us-east-1's. A value that is not a non-negative number is an error
 * naming the variable (the caller reports it at startup) and its default is used.
 */
export function pricesFromEnv(env: NodeJS.ProcessEnv): { prices: LambdaPrices; errors: string[] } {
  const errors: string[] = [];
  const read = (name: string, fallback: number): number => {
    const text = env[name]?.trim();
    if (!text) return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0) {
      errors.push(`${name} must be a non-negative number of USD, got "${text.slice(0, 40)}"`);
      return fallback;
    }
    return n;
  };
  const defaults = US_EAST_1_PRICES;
  const prices: LambdaPrices = {
    perRequestUsd: read(PriceEnv.PerMillionRequests, defaults.perRequestUsd * 1_000_000) / 1_000_000,
    perGbSecondUsd: {
      x86_64: read(PriceEnv.GbSecondX86, defaults.perGbSecondUsd.x86_64),
      arm64: read(PriceEnv.GbSecondArm, defaults.perGbSecondUsd.arm64),
    },
  };
  return { prices, errors };
}
