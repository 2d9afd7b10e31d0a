import { PipelineTag } from './metric-names.js';
import type { StepName } from './types.js';

/** The tags every pipeline metric carries (repo, branch, step), plus any extra ones. */
export function pipelineTags(run: { repository: string; branch: string }, step: StepName | string, extra: Record<string, string> = {}): Record<string, string> {
  return { [PipelineTag.Repo]: run.repository, [PipelineTag.Branch]: run.branch, [PipelineTag.Step]: step, ...extra };
}
