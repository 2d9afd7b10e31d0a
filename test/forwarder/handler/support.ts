/** Shared pieces of the handler tests: a Lambda context, an output capture, the environment, the clock, the intake. */
import type { Context } from 'aws-lambda';
import { startIntake, type Intake } from '../../../intake/index.js';
import { T0 } from '../fixtures/lines.js';

export const API_KEY = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
export const FORWARDER_NAME = 'dd-forwarder';
export const REGION = 'us-east-1';
/** The forwarder's and the intake's clock: two minutes after the fixture minute starts. */
export const NOW_MS = T0 * 1000 + 120_000;
/** The fixture minute, 2025-01-15T12:00:00Z, in epoch ms. */
export const MINUTE_MS = T0 * 1000;

export function forwarderEnv(intakeUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    DD_API_KEY: API_KEY,
    DD_URL: intakeUrl,
    AWS_REGION: REGION,
    AWS_LAMBDA_FUNCTION_NAME: FORWARDER_NAME,
    DD_TAGS: 'env:test',
    ...extra,
  };
}

/** A Lambda context whose deadline is `remainingMs` from now (or a fixed remaining time from a function). */
export function lambdaContext(remainingMs: number | (() => number) = 60_000, requestId = 'c0ffee00-0000-4000-8000-000000000001'): Context {
  const deadline = Date.now() + (typeof remainingMs === 'number' ? remainingMs : 0);
  const remaining = typeof remainingMs === 'number' ? () => Math.max(0, deadline - Date.now()) : remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: FORWARDER_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:123456789012:function:${FORWARDER_NAME}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${FORWARDER_NAME}`,
    logStreamName: '2025/01/15/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: remaining,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Captures everything written to stdout and stderr (powertools Logger writes there) until `restore()`. */
export function captureOutput(): { text: () => string; lines: () => Array<Record<string, unknown>>; restore: () => void } {
  const chunks: string[] = [];
  const original = { out: process.stdout.write, err: process.stderr.write };
  const grab = (chunk: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  process.stdout.write = grab as typeof process.stdout.write;
  process.stderr.write = grab as typeof process.stderr.write;
  return {
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      process.stdout.write = original.out;
      process.stderr.write = original.err;
    },
  };
}

/** What a handler test reads after its setup: the fresh local intake and the captured output of the current test. */
export interface IntakePerTest {
  intake: Intake;
  output: ReturnType<typeof captureOutput>;
}

/**
 * Before each test: a fresh local intake (accepting API_KEY, its clock at NOW_MS) and an output capture; after it,
 * both undone. Read them through the returned object (its fields change per test).
 */
export function intakePerTest(): IntakePerTest {
  const current = {} as IntakePerTest;
  beforeEach(async () => {
    current.intake = await startIntake({ port: 0, apiKeys: [API_KEY], now: () => NOW_MS });
    current.output = captureOutput();
  });
  afterEach(async () => {
    current.output.restore();
    await current.intake.stop();
  });
  return current;
}

/** A copy sorted ascending (distribution values arrive in no set order). */
export const sorted = (values: number[]): number[] => [...values].sort((a, b) => a - b);
