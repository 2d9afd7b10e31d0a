/**
 * `npm start`: the whole system on this machine, with no AWS and no Datadog account.
 *
 *   pipeline executions (state machine + real handlers) → Lambda simulator (log lines as CloudWatch holds them)
 *   → subscription batches → the real forwarder bundle → the local Datadog intake → the page at http://127.0.0.1:8765/
 * (`--source kinesis`: the batches go through a Kinesis stream and an event source mapping first, kinesis-source.ts)
 *
 * Progress goes to stderr, the summary to stdout. `--once` runs a fixed number of executions, checks the intake's
 * totals against the simulation's own count and exits 0 only when they agree.
 */
import { parseSettings } from '../forwarder/config.js';
import { listenProblem } from '../intake/cli-args.js';
import { LocalIntake } from '../intake/constants.js';
import { startIntake, type Intake } from '../intake/index.js';
import { metricMetadata } from '../intake/routes/metadata.js';
import { registerPageRoutes } from '../intake/routes/page.js';
import { PipelineMetricUnit } from '../pipeline/metric-names.js';
import { checkIntake, forwarderNames } from './check.js';
import { ClientFunctions } from './client-runner.js';
import { ClientFunctionSpecs } from './client-specs.js';
import { runExecution, loadDefinition, type ExecutionResult } from './execution.js';
import { Expectations } from './expected.js';
import { KinesisDelivery } from './kinesis-source.js';
import { forward, FORWARDER_NAME, loadForwarder, type ForwarderHandler } from './forwarder.js';
import { ACCOUNT, FunctionSpecs, PipelineFunction, PROJECTS, REGION, type PipelineFunctionName } from './functions.js';
import { LambdaSim, type LambdaHandler } from './lambda-sim.js';
import { parseRunOptions, USAGE, UsageError, type RunOptions } from './options.js';
import { seededRandom } from './random.js';
import { installDefaultMetrics } from './recording-metrics.js';
import { planExecution } from './scenarios.js';
import { SimCodeBuild, SimCodeCommit, SnsSink } from './sim-aws.js';
import { subscriptionEvents } from './subscription.js';
import { outcomeOf, renderSummary, type ForwarderTotals, type MetricRow, type RunSummary } from './summary.js';
import type { InvocationOutcome } from './types.js';

/** The key the local intake accepts (any 32 characters would do; it never leaves this machine). */
const LOCAL_API_KEY = 'local0000000000000000000000000000'.slice(0, 32);
const PHONE = '+15555550100';

const began = performance.now();
const progress = (line: string): void => void process.stderr.write(`[${((performance.now() - began) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);

interface Destination {
  local: boolean;
  describe: string;
}

/** The forwarder reads process.env on its first invocation: point it at the local intake, or leave DD_API_KEY be. */
function configureEnvironment(intake: Intake): Destination {
  const env = process.env;
  env.AWS_REGION ??= REGION;
  env.AWS_LAMBDA_FUNCTION_NAME = FORWARDER_NAME;
  // The forwarder logs one INFO line per batch through powertools; keep the terminal for progress (warnings still show).
  env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  // The simulated functions exist nowhere in AWS: never look their tags up, even with AWS credentials in the env.
  env.DD_FETCH_LAMBDA_TAGS = 'false';
  env.NOTIFY_PHONE_NUMBER = PHONE;
  delete env.NOTIFY_TOPIC_ARN;
  if (env.DD_API_KEY?.trim()) {
    const settings = parseSettings(env); // throws a ConfigError naming a bad DD_SITE / DD_URL (never the key)
    return { local: false, describe: `Datadog at ${settings.baseUrl} (DD_API_KEY is set)` };
  }
  env.DD_API_KEY = LOCAL_API_KEY;
  env.DD_URL = intake.url;
  delete env.DD_SITE;
  return { local: true, describe: `the local intake at ${intake.url}` };
}

async function loadHandlers(): Promise<Record<PipelineFunctionName, LambdaHandler>> {
  const [whatChanged, startBuild, checkBuild, notify] = await Promise.all([
    import('../pipeline/handlers/what-changed.js'),
    import('../pipeline/handlers/start-build.js'),
    import('../pipeline/handlers/check-build.js'),
    import('../pipeline/handlers/notify.js'),
  ]);
  return {
    [PipelineFunction.WhatChanged]: whatChanged.handler as unknown as LambdaHandler,
    [PipelineFunction.StartBuild]: startBuild.handler as unknown as LambdaHandler,
    [PipelineFunction.CheckBuild]: checkBuild.handler as unknown as LambdaHandler,
    [PipelineFunction.Notify]: notify.handler as unknown as LambdaHandler,
  };
}

/** Ships what the simulated functions logged, every `deliveryMs`, as CloudWatch's subscription would. */
class Delivery {
  readonly totals: ForwarderTotals = { invocations: 0, failed: 0, retries: 0, pointsShipped: 0, requests: 0, rejected: {}, durationsMs: [] };
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sim: LambdaSim,
    private readonly forwarder: ForwarderHandler,
    private readonly expectations: Expectations,
  ) {}

  start(everyMs: number): void {
    this.timer = setInterval(() => this.deliver(), everyMs);
  }

  /** Hands every waiting log stream to the forwarder, all at once. */
  deliver(): void {
    const batches = this.sim.takeBatches();
    if (batches.length === 0) return;
    const events = batches.flatMap((b) => subscriptionEvents(ACCOUNT, b.logGroup, b.logStream, b.events));
    this.expectations.batches += events.length;
    const eventCount = batches.reduce((n, b) => n + b.events.length, 0);
    const started = performance.now();
    const round = Promise.all(events.map((event) => this.forwardOne(event))).then(() => {
      progress(`  → forwarded ${events.length} batch${events.length === 1 ? '' : 'es'} (${eventCount} log events) in ${Math.round(performance.now() - started)} ms`);
    });
    this.inFlight.add(round);
    void round.finally(() => this.inFlight.delete(round));
  }

  private async forwardOne(event: unknown): Promise<void> {
    const result = await forward(this.forwarder, event);
    const t = this.totals;
    t.invocations++;
    t.retries += result.attempts - 1;
    if (!result.summary) {
      t.failed++;
      progress(`  ! forwarder failed after ${result.attempts} attempts: ${result.error}`);
      return;
    }
    t.pointsShipped += result.summary.pointsShipped;
    t.requests += result.summary.requests;
    t.durationsMs.push(result.summary.durationMs);
    const { workMs, durationMs } = result.summary;
    if (workMs !== undefined) {
      (t.workMs ??= []).push(workMs);
      (t.waitMs ??= []).push(Math.max(0, durationMs - workMs));
    }
    for (const [reason, n] of Object.entries(result.summary.stats.rejected)) t.rejected[reason] = (t.rejected[reason] ?? 0) + n;
  }

  async finish(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.deliver();
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}

function metricRows(intake: Intake): MetricRow[] {
  return intake.store
    .metrics()
    .map(({ metric, kind }) => {
      if (kind === 'distribution') {
        const t = intake.store.distributionTotals(metric);
        return { metric, kind, values: t.count, sum: t.sum, p50: t.p50, p95: t.p95 };
      }
      const points = intake.store.seriesValues(metric);
      return { metric, kind, values: points.length, sum: points.reduce((s, p) => s + p.value, 0) };
    })
    .sort((a, b) => a.metric.localeCompare(b.metric));
}

function expectedRows(expectations: Expectations): MetricRow[] {
  return [...expectations.metrics].map(([metric, t]) => ({ metric, kind: t.type, values: t.values, sum: t.sum })).sort((a, b) => a.metric.localeCompare(b.metric));
}

/** A problem the person running `npm start` can fix (a port already taken): said in one line, without a stack. */
class StartupProblem extends Error {
  override name = 'StartupProblem';
}

/**
 * Ctrl-C: the first asks for the summary (`stop` is called once; executions in flight finish), a second exits at
 * once without it. A handler stays installed throughout, so a second signal never meets Node's default (a silent
 * exit); `npm start` runs this file in a single Node process (node --import tsx, not the tsx command, whose parent
 * process relays a terminal's signal to a busy child a second time and then kills it).
 */
function onInterrupt(stop: () => void): void {
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) {
      process.stderr.write('\nSecond Ctrl-C: exiting without the summary.\n');
      process.exit(130);
    }
    interrupted = true;
    progress('Ctrl-C: stopping after the executions in flight, then printing the summary (Ctrl-C again to exit at once)…');
    stop();
  });
}

/** Runs work(1..count), `concurrency` at a time; stops starting new work once `stop()` says so. */
async function runPool<T>(count: number, concurrency: number, work: (index: number) => Promise<T>, stop: () => boolean = () => false): Promise<T[]> {
  const results: T[] = [];
  let next = 1;
  const worker = async () => {
    while (next <= count && !stop()) {
      const index = next++;
      results.push(await work(index));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

async function main(options: RunOptions): Promise<number> {
  let stopping = false;
  onInterrupt(() => (stopping = true));
  progress('Starting: local intake, Lambda simulator, pipeline handlers, forwarder bundle');
  const intake = await startIntake({ port: options.port, host: LocalIntake.host, apiKeys: [LOCAL_API_KEY] }).catch((error: unknown) => {
    const problem = listenProblem(error, options.port, LocalIntake.host);
    throw problem ? new StartupProblem(problem) : error;
  });
  registerPageRoutes(intake.router);
  const destination = configureEnvironment(intake);

  const random = seededRandom(options.seed);
  const expectations = new Expectations();
  // What the page needs to draw each metric by its type: the platform names this forwarder uses, and the type of each
  // custom metric as the functions' own metric calls declared it (Datadog's metric metadata, as a user would set it).
  const metadata = metricMetadata(intake.store);
  metadata.platformNames = forwarderNames(process.env);
  metadata.declareBy((metric) => {
    const type = expectations.metrics.get(metric)?.type;
    const unit = PipelineMetricUnit[metric];
    return { ...(type === 'count' || type === 'gauge' ? { type } : type === 'histogram' ? { type: 'distribution' as const } : {}), ...(unit ? { unit } : {}) };
  });
  const invocationStats: RunSummary['invocations'] = {};
  const onInvocation = (o: InvocationOutcome) => {
    const s = (invocationStats[o.functionName] ??= { total: 0, cold: 0, errors: 0, timeouts: 0, containers: 0 });
    s.total++;
    if (o.coldStart) s.cold++;
    if (o.status !== 'success') s.errors++;
    if (o.status === 'timeout') s.timeouts++;
  };
  const sim = new LambdaSim({ format: options.logFormat, random, specs: { ...FunctionSpecs, ...ClientFunctionSpecs }, expectations, realTime: options.waitMs > 0, onInvocation });
  installDefaultMetrics(sim.metrics);
  // One function per metric client beside the pipeline (client-runner.ts), with a seeded source of its own.
  const clients = new ClientFunctions({ sim, logFormat: options.logFormat, random: seededRandom(options.seed + 1), expectations, progress });
  const handlers = await loadHandlers();
  const codeCommit = new SimCodeCommit(sim.faults);
  const codeBuild = new SimCodeBuild(sim.faults, PROJECTS);
  const sns = new SnsSink(sim.faults);
  const { replaceClientsForTests } = await import('../pipeline/clients/index.js');
  replaceClientsForTests({ codeCommit, codeBuild, sns });
  const forwarder = loadForwarder();
  const definition = loadDefinition();
  const delivery = options.source === 'kinesis' ? await KinesisDelivery.create(sim, forwarder, expectations, progress) : new Delivery(sim, forwarder, expectations);
  delivery.start(options.deliveryMs);

  progress(`Local Datadog intake: ${intake.url}  (page: ${intake.url}/)`);
  progress(`Metrics go to ${destination.describe}; Lambda log format: ${options.logFormat}; seed ${options.seed}`);

  const results: ExecutionResult[] = [];
  const runOne = async (index: number): Promise<ExecutionResult> => {
    const plan = planExecution(index, random);
    codeCommit.add(plan);
    codeBuild.add(plan);
    const result = await runExecution(plan, { sim, handlers, definition, waitMs: options.waitMs });
    expectations.execution(outcomeOf(result));
    results.push(result);
    const { repository, branch } = plan.input;
    progress(`  ${result.succeeded ? '✓' : '✗'} #${index} ${repository}@${branch} (${plan.role}): ${outcomeOf(result)}, ${result.invocations} invocations`);
    return result;
  };

  const summarise = async (): Promise<RunSummary> => {
    clients.stop();
    await delivery.finish();
    const containers = sim.containerCounts();
    for (const [fn, s] of Object.entries(invocationStats)) s.containers = containers[fn] ?? 0;
    return {
      destination: destination.describe,
      seconds: (performance.now() - began) / 1000,
      executions: [...results].sort((a, b) => a.plan.index - b.plan.index),
      invocations: invocationStats,
      logEvents: expectations.logEvents,
      batches: expectations.batches,
      forwarder: delivery.totals,
      metricsSource: destination.local ? 'as the local intake holds them' : 'as the simulation counted the calls; Datadog holds the rest',
      metrics: destination.local ? metricRows(intake) : expectedRows(expectations),
      checks: destination.local
        ? [...checkIntake(expectations, intake.store, forwarderNames(process.env)), ...clients.expected.rows(intake.store)]
        : { skipped: 'the data went to Datadog, which this run cannot read back; the local intake received nothing' },
    };
  };

  if (options.once) {
    await Promise.all([runPool(options.executions, options.concurrency, runOne, () => stopping), clients.round()]);
    const summary = await summarise();
    process.stdout.write(`${renderSummary(summary)}\n`);
    await intake.stop();
    const checksPass = 'skipped' in summary.checks || summary.checks.every((row) => row.ok);
    return checksPass && summary.forwarder.failed === 0 ? 0 : 1;
  }

  progress(`Open ${intake.url}/ to watch the metrics arrive. Ctrl-C prints the summary and stops.`);
  let round = 0;
  while (!stopping) {
    const first = round * options.executions + 1;
    round++;
    await Promise.all([runPool(options.executions, options.concurrency, (i) => runOne(first + i - 1), () => stopping), clients.round()]);
    for (let waited = 0; waited < options.pauseMs && !stopping; waited += 250) await new Promise((r) => setTimeout(r, 250));
  }
  process.stdout.write(`${renderSummary(await summarise())}\n`);
  await intake.stop();
  return 0;
}

let parsed: RunOptions | 'help';
try {
  parsed = parseRunOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message}\n\n${USAGE}\n`);
  process.exit(2);
}
if (parsed === 'help') {
  process.stdout.write(`${USAGE}\n`);
} else {
  main(parsed).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof StartupProblem) process.stderr.write(`npm start: ${error.message}\n`);
      else process.stderr.write(`npm start failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
