/** Lambda: CheckBuild (CheckDockerImage, CheckSite). Event: CheckBuildEvent. Returns the updated BuildRecord. */
import middy from '@middy/core';
import { metric } from '../../emitter/index.js';
import { metricsMiddleware } from '../../emitter/middy.js';
import { checkBuild } from '../builds.js';
import { codeBuildClient } from '../clients/codebuild.js';
import { readCheckBuildEvent } from '../input.js';
import type { BuildRecord } from '../types.js';

async function checkBuildHandler(event: unknown): Promise<BuildRecord> {
  return checkBuild(readCheckBuildEvent(event), codeBuildClient.get(), metric);
}

export const handler = middy(checkBuildHandler).use(metricsMiddleware());
