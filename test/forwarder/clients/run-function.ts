/**
 * Child process: runs one instrumented function (functions.ts) for a few invocations under the emulated Lambda
 * runtime (local/lambda-runtime.ts) and writes the log events it produced to a JSON file.
 *     node --import tsx run-function.ts <function> <Text|JSON> <invocations> <out.json>
 * The Lambda environment (AWS_LAMBDA_FUNCTION_NAME, AWS_LAMBDA_LOG_FORMAT, …) comes from the parent.
 */
import { writeFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import { LambdaRuntime, type LogFormat } from '../../../local/lambda-runtime.js';

const [name, logFormat, invocations, out] = process.argv.slice(2) as [string, LogFormat, string, string];
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'fn';

const runtime = new LambdaRuntime(logFormat);
runtime.install();
try {
  // Loaded after the console is patched, as in Lambda (the runtime patches it before it loads the handler).
  const { Functions } = await import('./functions.js');
  const handler = Functions[name as keyof typeof Functions];
  for (let i = 0; i < Number(invocations); i++) {
    const requestId = `0f3c5e8a-7b1d-4c2e-9f6a-${String(i).padStart(12, '0')}`;
    const context = {
      awsRequestId: requestId,
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
      memoryLimitInMB: '1024',
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: '2026/01/01/[$LATEST]0123456789abcdef',
      getRemainingTimeInMillis: () => 30_000,
    } as unknown as Context;
    await runtime.invoke(requestId, i === 0, () => handler({}, context));
  }
} finally {
  runtime.uninstall();
}
writeFileSync(out, JSON.stringify(runtime.events));
