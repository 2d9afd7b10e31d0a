/** Lambda: StartBuild (BuildDockerImage, BuildSite). Event: StartBuildEvent. Returns the new BuildRecord. */
import middy from '@middy/core';
import { metric } from '../../emitter/index.js';
import { metricsMiddleware } from '../../emitter/middy.js';
import { startBuild } from '../builds.js';
import { codeBuildClient } from '../clients/codebuild.js';
import { readStartBuildEvent } from '../input.js';
import type { BuildRecord } from '../types.js';

async function startBuildHandler(event: unknown): Promise<BuildRecord> {
  return startBuild(readStartBuildEvent(event), codeBuildClient.get(), metric);
}

export const handler = middy(startBuildHandler).use(metricsMiddleware());
