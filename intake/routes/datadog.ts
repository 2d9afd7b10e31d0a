/** Datadog's metric intake paths: series, distribution points, check runs and key validation. */
import { DatadogPath, EndpointEncodings } from '../constants.js';
import { acceptedV1, acceptedV2, errorReply, ok } from '../replies.js';
import type { Router } from '../router.js';
import { validateCheckRunPayload, validateDistributionPayload, validateSeriesPayload } from '../validate.js';

export function registerDatadogRoutes(router: Router): void {
  router.add(
    {
      method: 'POST',
      path: DatadogPath.series,
      kind: 'datadog',
      encodings: EndpointEncodings[DatadogPath.series],
      jsonBody: true,
      handle: ({ body, store, nowMs }) => {
        const payload = validateSeriesPayload(body);
        if (!payload.ok) return errorReply(400, ...payload.errors);
        store.addSeries(payload.value, nowMs);
        return acceptedV2();
      },
    },
    {
      method: 'POST',
      path: DatadogPath.distributionPoints,
      kind: 'datadog',
      encodings: EndpointEncodings[DatadogPath.distributionPoints],
      jsonBody: true,
      handle: ({ body, store, nowMs }) => {
        const payload = validateDistributionPayload(body);
        if (!payload.ok) return errorReply(400, ...payload.errors);
        store.addDistributions(payload.value, nowMs);
        return acceptedV1();
      },
    },
    {
      method: 'POST',
      path: DatadogPath.checkRun,
      kind: 'datadog',
      encodings: EndpointEncodings[DatadogPath.checkRun],
      jsonBody: true,
      handle: ({ body, store, nowMs }) => {
        const payload = validateCheckRunPayload(body);
        if (!payload.ok) return errorReply(400, ...payload.errors);
        store.addCheckRuns(payload.value, nowMs);
        return acceptedV1();
      },
    },
    // The key was already checked (a bad one is answered 403 before any route runs).
    { method: 'GET', path: DatadogPath.validate, kind: 'datadog', handle: () => ok({ valid: true }) },
  );
}
