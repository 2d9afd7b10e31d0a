/**
 * Python's datadog_lambda as recorded lines (its package index is not reachable here, so the client cannot run).
 * The format is the client's own: datadog_lambda/metric.py, write_metric_point_to_stdout, in DataDog/datadog-lambda-python
 * at c0b98d6d64fc061a0b51cfa31c9f7c5216377087 — `print(ujson.dumps({"m": name, "v": value, "e": timestamp or
 * int(time.time()), "t": tags}, escape_forward_slashes=False))`, where lambda_metric appends the
 * `dd_lambda_layer:datadog-python<ver>_<release>` tag and submit_enhanced_metric writes `aws.lambda.enhanced.<name>`
 * the same way. ujson writes no spaces; keys in insertion order (m, v, e, t). `print` writes stdout unprefixed; the
 * same JSON passed to `logging` gets the runtime's `[INFO]\t<time>\t<requestId>\t` prefix (text format) or becomes
 * the `message` of its JSON record (JSON format).
 */
import { startIntake, type Intake } from '../../../intake/index.js';
import { API_KEY, forwardWithBundle, subscriptionEvent } from './support.js';

const requestId = '8f5a2c3e-1d4b-4e6f-9a7b-0c1d2e3f4a5b';
const layer = 'dd_lambda_layer:datadog-python312_8.113.0';

/** What lambda_metric / submit_enhanced_metric print for one invocation, `e` given as the flush time. */
function printed(e: number): string[] {
  return [
    `{"m":"aws.lambda.enhanced.invocations","v":1,"e":${e},"t":["region:us-east-1","account_id:123456789012","functionname:orders-py","cold_start:true","memorysize:512","runtime:python3.12","datadog_lambda:v8.113.0","${layer}"]}`,
    `{"m":"orders.value","v":49.5,"e":${e},"t":["currency:EUR","${layer}"]}`,
    `{"m":"orders.value","v":12,"e":${e},"t":["currency:EUR","${layer}"]}`,
    `{"m":"orders.count","v":1,"e":${e},"t":["${layer}"]}`,
  ];
}

let intake: Intake;
beforeEach(async () => {
  intake = await startIntake({ port: 0, apiKeys: [API_KEY] });
});
afterEach(async () => {
  await intake.stop();
});

it('printed, logged in text format and logged in JSON format, every point arrives once as a distribution', async () => {
  const nowMs = Date.now() - 30_000;
  const e = Math.floor(nowMs / 1000);
  const time = new Date(nowMs).toISOString();
  const shapes = {
    print: (line: string) => `${line}\n`,
    logging: (line: string) => `[INFO]\t${time}\t${requestId}\t${line}\n`,
    loggingJson: (line: string) => JSON.stringify({ timestamp: time, level: 'INFO', message: line, logger: 'root', requestId }),
  };
  const events = Object.entries(shapes).map(([shape, write]) =>
    subscriptionEvent(`orders-py-${shape.toLowerCase()}`, printed(e).map((line) => ({ timestamp: nowMs, message: write(line) }))),
  );
  await forwardWithBundle(events, intake.url);

  for (const shape of Object.keys(shapes)) {
    const fn = { functionname: `orders-py-${shape.toLowerCase()}` };
    expect([shape, [...intake.store.distributionValues('orders.value', { ...fn, currency: 'eur' })].sort((a, b) => a - b)]).toEqual([shape, [12, 49.5]]);
    expect([shape, intake.store.distributionValues('orders.count', fn)]).toEqual([shape, [1]]);
  }
  expect(intake.store.kindOf('orders.value')).toBe('distribution');
  // The client's own enhanced metric is the forwarder's to write: rejected and counted, once per shape.
  expect(intake.store.distributionValues('aws.lambda.enhanced.invocations')).toEqual([]);
  const rejected = intake.store.distributionValues('forwarder.rejected', { reason: 'reserved_name', dialect: 'datadog_lambda' });
  expect(rejected.reduce((a, b) => a + b, 0)).toBe(3);
}, 60_000);
