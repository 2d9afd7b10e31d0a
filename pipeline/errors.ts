/**
 * Errors the pipeline's Lambdas throw on purpose. Step Functions reports a Lambda error under its `name` (the
 * function's errorType), so each has a stable name a Catch or a reader of the execution history can rely on.
 */
export const PipelineErrorName = {
  InvalidInput: 'Pipeline.InvalidInput',
  CommitNotFound: 'Pipeline.CommitNotFound',
  BuildNotStarted: 'Pipeline.BuildNotStarted',
  BuildNotFound: 'Pipeline.BuildNotFound',
  Configuration: 'Pipeline.Configuration',
} as const;

export type PipelineErrorNameValue = (typeof PipelineErrorName)[keyof typeof PipelineErrorName];

export class PipelineError extends Error {
  constructor(name: PipelineErrorNameValue, message: string) {
    super(message);
    this.name = name;
  }
}
