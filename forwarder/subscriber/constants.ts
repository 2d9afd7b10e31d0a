/** Settings of the subscriber Lambda. */
export const SubscriberEnv = {
  /** The forwarder's ARN: where the subscription filters deliver. Required. */
  DestinationArn: 'DESTINATION_ARN',
  FilterName: 'FILTER_NAME',
  LogGroupPrefix: 'LOG_GROUP_PREFIX',
  /** Comma-separated log group names or function names; `*` matches any run of characters. */
  Exclude: 'EXCLUDE',
  /** Overrides the built-in pattern; an empty value is not allowed (it would deliver every line). */
  FilterPattern: 'FILTER_PATTERN',
  /** The forwarder's own log group, when it is not `/aws/lambda/<name from DESTINATION_ARN>`. */
  ForwarderLogGroup: 'FORWARDER_LOG_GROUP',
  /** Only for a Kinesis / Firehose destination: the role CloudWatch Logs assumes to write to it. */
  RoleArn: 'ROLE_ARN',
} as const;

export const SubscriberDefaults = {
  filterName: 'lambda-dd-metrics-forwarder',
  logGroupPrefix: '/aws/lambda/',
} as const;

/** CloudWatch Logs allows this many subscription filters on one log group. */
export const MAX_FILTERS_PER_LOG_GROUP = 2;

/** What happened to one log group. */
export const Outcome = {
  Subscribed: 'subscribed',
  Updated: 'updated',
  UpToDate: 'up_to_date',
  NotMatching: 'not_matching',
  Excluded: 'excluded',
  OwnLogGroup: 'own_log_group',
  /** Another filter already delivers to the forwarder: a second one would deliver every line twice. */
  AlreadyDelivered: 'already_delivered',
  NoFreeSlot: 'no_free_slot',
  Failed: 'failed',
} as const;
export type OutcomeName = (typeof Outcome)[keyof typeof Outcome];
