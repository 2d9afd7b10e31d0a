/**
 * The node flags the Lambda Node.js runtime's bootstrap passes for a function of `memoryMb` (the /var/runtime/bootstrap
 * script of the public.ecr.aws/lambda/nodejs images: new space = memory / 10, `--max-semi-space-size` = new space / 2,
 * `--max-old-space-size` = memory - new space, and `--expose-gc`). At 128 MB: 6 and 116.
 */
export function lambdaNodeFlags(memoryMb: number): string[] {
  const newSpaceMb = Math.floor(memoryMb / 10);
  return ['--expose-gc', `--max-semi-space-size=${Math.floor(newSpaceMb / 2)}`, `--max-old-space-size=${memoryMb - newSpaceMb}`];
}
