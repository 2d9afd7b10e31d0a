/** Lambda: WhatChanged. Event: the run state (repository, branch, commitId, …). Returns Changes. */
import middy from '@middy/core';
import { metric } from '../../emitter/index.js';
import { metricsMiddleware } from '../../emitter/middy.js';
import { codeCommitClient } from '../clients/codecommit.js';
import { PipelineEnv, Step } from '../constants.js';
import { readRunInput } from '../input.js';
import { PipelineMetric } from '../metric-names.js';
import { parsePatternList, pathMatcher } from '../path-match.js';
import { pipelineTags } from '../tags.js';
import type { Changes } from '../types.js';
import { whatChanged } from '../what-changed.js';

async function whatChangedHandler(event: unknown): Promise<Changes> {
  const run = readRunInput(event);
  metric.count(PipelineMetric.Runs, 1, pipelineTags(run, Step.WhatChanged));
  const matcher = pathMatcher(parsePatternList(process.env[PipelineEnv.dockerInputs]));
  return whatChanged(run, codeCommitClient.get(), matcher);
}

export const handler = middy(whatChangedHandler).use(metricsMiddleware());
