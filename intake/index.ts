/** The local Datadog-compatible intake: public surface. */
export { startIntake, type StartIntakeOptions } from './server.js';
export { IntakeStore, timestampVerdict, type DistributionTimePoint, type IngestResult } from './store.js';
export { FaultController } from './faults.js';
export { Router, type Route, type RouteContext, type HttpMethod } from './router.js';
export { ControlPath, DatadogPath, DropReason, Encoding, EndpointEncodings, IntakeLimits } from './constants.js';
export { errorReply, ok } from './replies.js';
export type * from './types.js';
export type { Intake } from './instance.js';
