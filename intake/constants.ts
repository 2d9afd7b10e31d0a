/**
 * The facts the local intake imitates (wire-formats §4). One place, so a test or the local page can name them.
 */

/** Datadog's own API paths, the ones the forwarder calls. */
export const DatadogPath = {
  series: '/api/v2/series',
  distributionPoints: '/api/v1/distribution_points',
  checkRun: '/api/v1/check_run',
  validate: '/api/v1/validate',
} as const;

/** The intake's own control and query paths (not Datadog's): faults, queries, reset. */
export const ControlPath = {
  faults: '/_intake/faults',
  down: '/_intake/down',
  up: '/_intake/up',
  metrics: '/_intake/metrics',
  query: '/_intake/query',
  checks: '/_intake/checks',
  requests: '/_intake/requests',
  dropped: '/_intake/dropped',
  reset: '/_intake/reset',
} as const;

/**
 * The strictest published limits of the metrics intake: 500 KB (512,000 bytes) per request as sent and 5 MB
 * (5,242,880 bytes) once decompressed; points at most 10 minutes ahead of now and at most 1 hour old.
 */
export const IntakeLimits = {
  maxWireBytes: 512_000,
  maxDecodedBytes: 5_242_880,
  maxFutureSeconds: 600,
  maxPastSeconds: 3_600,
} as const;

/** Content-Encoding values the intake understands (`zstd1` is how Datadog's API spec spells zstd). */
export const Encoding = {
  identity: 'identity',
  gzip: 'gzip',
  deflate: 'deflate',
  zstd: 'zstd',
} as const;

/**
 * Which encodings each endpoint takes, as Datadog's API specification lists them: series gzip/deflate/zstd1,
 * distribution points deflate only, check runs none. Anything else is answered 400 (Datadog documents 400, not 415,
 * for a request it cannot read).
 */
export const EndpointEncodings = {
  [DatadogPath.series]: [Encoding.identity, Encoding.gzip, Encoding.deflate, Encoding.zstd],
  [DatadogPath.distributionPoints]: [Encoding.identity, Encoding.deflate],
  [DatadogPath.checkRun]: [Encoding.identity],
} as const;

/** v2 series `type`: 0 unspecified, 1 count, 2 rate, 3 gauge. */
export const SeriesKindByNumber = ['unspecified', 'count', 'rate', 'gauge'] as const;

/** The percentiles the intake computes for distributions (Datadog offers p50, p75, p90, p95, p99). */
export const Percentiles = [50, 75, 90, 95, 99] as const;

/** Statuses a fault may answer with. 429 carries X-RateLimit-Reset. */
export const FaultStatuses = [400, 403, 408, 413, 429, 500, 502, 503, 504] as const;

/** Why a point answered with 202 was not stored (Datadog drops these silently). */
export const DropReason = { TooOld: 'too_old', TooNew: 'too_new' } as const;

export const ApiKeyHeader = 'dd-api-key';

/**
 * The port `npm start` and `npm run intake` listen on by default. Not one the Datadog Agent uses on a developer's
 * machine: 8125 DogStatsD, 8126 APM traces, 8127 the data plane's trace receiver, 5000/5001/5002 the Agent's
 * expvar, IPC and GUI, 5012 the trace agent's expvar, 6062/6162 the process agent, 4317/4318 OTLP, 10516 logs.
 */
export const LocalIntake = { defaultPort: 8765, host: '127.0.0.1' } as const;
