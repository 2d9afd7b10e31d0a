/**
 * Whether a parser's cost per byte stays flat as its input grows, measured in one run (never a wall-clock limit):
 * an adversarial shape against an ordinary input of the same size, at 16 KB and at 256 KB.
 *
 * Each input is timed call by call and the fastest call kept: a quadratic parser is slow on every call, while the
 * pauses of a shared machine and of the garbage collector (a 256 KB string lives in V8's large-object space, whose
 * collections cost the whole heap) hit some calls only. The inputs are interleaved, and a ratio over `retryAbove` is
 * measured again (up to `attempts` times, each adding calls) and the lowest kept.
 */
export const Sizes = { small: 16 * 1024, large: 256 * 1024 } as const;

export interface CostOptions {
  /** Calls timed per size and attempt (at least; more while under minMs). */
  calls?: number;
  minMs?: number;
  attempts?: number;
  retryAbove?: number;
}

/** The fastest of at least `calls` timed calls of work(input) (more while under minMs), in ms. */
function fastestCall<T>(work: (input: T) => unknown, input: T, calls: number, minMs: number): number {
  let fastest = Infinity;
  const start = performance.now();
  for (let call = 0; call < calls || performance.now() - start < minMs; call++) {
    const before = performance.now();
    work(input);
    fastest = Math.min(fastest, performance.now() - before);
  }
  return fastest;
}

/**
 * How much more the shape costs than an ordinary input of the same size at Sizes.large, over the same at
 * Sizes.small: (shape / ordinary at 256 KB) / (shape / ordinary at 16 KB). About 1 for a linear path, 16 for a
 * quadratic one. Against an ordinary input through the same path, because Node's own costs per byte step up between
 * the two sizes (a 256 KB string lives in V8's large-object space; Buffer.from(base64) costs about 20 times more per
 * byte above 128 KB): those steps hit both and cancel out.
 */
export function costPerByteRatio<T>(build: (size: number) => T, ordinary: (size: number) => T, work: (input: T) => unknown, options: CostOptions = {}): number {
  const { calls = 5, minMs = 2, attempts = 5, retryAbove = 2 } = options;
  const inputs = [build(Sizes.small), ordinary(Sizes.small), build(Sizes.large), ordinary(Sizes.large)] as const;
  const fastest = [Infinity, Infinity, Infinity, Infinity];
  let ratio = Infinity;
  for (let attempt = 0; attempt < attempts && ratio > retryAbove; attempt++) {
    inputs.forEach((input, i) => (fastest[i] = Math.min(fastest[i] as number, fastestCall(work, input, calls, minMs))));
    const [shapeSmall, ordinarySmall, shapeLarge, ordinaryLarge] = fastest as [number, number, number, number];
    ratio = shapeLarge / ordinaryLarge / (shapeSmall / ordinarySmall);
  }
  return ratio;
}
