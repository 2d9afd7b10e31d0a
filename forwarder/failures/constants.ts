/** The failure store's settings and layout in S3. */

export const FailureEnv = {
  /** The bucket undelivered payloads go to; unset means the log-only sink (nothing is kept). */
  bucket: 'FAILURE_BUCKET',
  /** Key prefix inside the bucket; default `failed/`. */
  prefix: 'FAILURE_PREFIX',
} as const;

export const FailureLayout = {
  /** Where stored payloads live: `<prefix><kind>/<sha256>.json`. */
  defaultPrefix: 'failed/',
  /** Where the replay moves an object it cannot read (kept for a human, out of the replay's way). */
  unreadablePrefix: 'unreadable/',
} as const;

/** The version of the stored record's shape; the replay refuses (and sets aside) any other. */
export const RECORD_VERSION = 1;
