/** What ship speaks to the Datadog intake (wire-formats §4), as constants. */

/** The three request kinds, one per intake endpoint. */
export const PayloadKind = {
  Distributions: 'distributions',
  Series: 'series',
  Checks: 'checks',
} as const;

/** Endpoint path per payload kind. */
export const EndpointPath = {
  distributions: '/api/v1/distribution_points',
  series: '/api/v2/series',
  checks: '/api/v1/check_run',
} as const;

/**
 * distribution_points accepts deflate only; series takes gzip (or deflate, zstd1); check_run takes no compression
 * in Datadog's API specification, so it goes uncompressed (its bodies are small).
 */
export const ContentEncodingOf = {
  distributions: 'deflate',
  series: 'gzip',
  checks: 'identity',
} as const;

/**
 * Per-request size limits. Datadog publishes 500 KB (512,000 bytes) compressed and 5 MB (5,242,880 bytes)
 * decompressed for series; these stay below both readings of "KB" and "MB".
 */
export const DefaultPayloadLimits = {
  maxCompressedBytes: 500_000,
  maxRawBytes: 5_000_000,
} as const;

/** Retry tuning; the handler's config can override the request timeout and the safety margin. */
export const DefaultRetryPolicy = {
  /** Attempts per payload, the first one included. */
  maxAttempts: 6,
  /** Full jitter: the wait before attempt n+1 is uniform in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))]. */
  baseDelayMs: 100,
  maxDelayMs: 4_000,
  /**
   * The least time a request is given to answer before it is abandoned (patience.ts: 20 s, the Datadog Agent's own
   * default; more after slow answers; never past the invocation's deadline). Awake time: a starved event loop does
   * not count against the server (deadline.ts).
   */
  requestTimeoutMs: 20_000,
  /** Time kept free before Lambda's deadline so the handler can still log, store and return. */
  safetyMarginMs: 1_000,
  /** A request given less time than this is not worth starting. */
  minRequestMs: 200,
} as const;

/** Status labels for requests that never got an HTTP status. */
export const TransportFailure = {
  Timeout: 'timeout',
  Network: 'network',
} as const;
