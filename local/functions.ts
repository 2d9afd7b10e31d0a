/**
 * The four pipeline Lambdas as the local runner deploys them: names, configuration, and the state machine's
 * DefinitionSubstitutions that point its Task states at them (as the SAM template fills them in AWS).
 */
import { PipelineFunction } from '../pipeline/constants.js';
import type { PipelineFunctionName } from '../pipeline/types.js';
import type { FunctionSpec } from './types.js';

export { PipelineFunction, type PipelineFunctionName };

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';


export const functionArn = (name: string): string => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

export const PROJECTS = { docker: 'site-builder-image', site: 'site-build' } as const;

/** Poll settings: plenty of polls (a build here ends within a few), 30 s apart as deployed (Waits are shortened locally). */
export const SUBSTITUTIONS = {
  WhatChangedFunctionArn: functionArn(PipelineFunction.WhatChanged),
  StartBuildFunctionArn: functionArn(PipelineFunction.StartBuild),
  CheckBuildFunctionArn: functionArn(PipelineFunction.CheckBuild),
  NotifyFunctionArn: functionArn(PipelineFunction.Notify),
  DockerImageProjectName: PROJECTS.docker,
  SiteProjectName: PROJECTS.site,
  MaxPolls: '20',
  PollSeconds: '30',
} as const;

/**
 * Durations and memory in the ranges such functions show on nodejs24.x: WhatChanged and StartBuild wait on
 * CodeCommit/CodeBuild calls, CheckBuild is one quick BatchGetBuilds, Notify one SNS publish. Notify writes its
 * metric lines with console.log (prefixed by the runtime), the others with process.stdout.write (raw).
 */
export const FunctionSpecs: Record<PipelineFunctionName, FunctionSpec> = {
  [PipelineFunction.WhatChanged]: { memoryMb: 256, timeoutSeconds: 30, durationMs: [140, 620], initDurationMs: [210, 480], maxMemoryUsedMb: [88, 104], metricOutput: 'stdout' },
  [PipelineFunction.StartBuild]: { memoryMb: 256, timeoutSeconds: 30, durationMs: [160, 420], initDurationMs: [220, 460], maxMemoryUsedMb: [86, 101], metricOutput: 'stdout' },
  [PipelineFunction.CheckBuild]: { memoryMb: 128, timeoutSeconds: 10, durationMs: [35, 140], initDurationMs: [200, 430], maxMemoryUsedMb: [79, 95], metricOutput: 'stdout' },
  [PipelineFunction.Notify]: { memoryMb: 256, timeoutSeconds: 30, durationMs: [70, 260], initDurationMs: [190, 410], maxMemoryUsedMb: [81, 97], metricOutput: 'console' },
};
