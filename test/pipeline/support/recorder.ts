import type { PipelineMetrics } from '../../../pipeline/types.js';

export interface Recorded {
  type: 'count' | 'histogram' | 'check';
  name: string;
  value: number;
  tags: Record<string, string>;
}

/** Records the pipeline's metric calls as plain data (for unit tests of the logic; the state machine test reads real output). */
export function recorder(): PipelineMetrics & { calls: Recorded[] } {
  const calls: Recorded[] = [];
  return {
    calls,
    count: (name, value = 1, tags = {}) => void calls.push({ type: 'count', name, value, tags }),
    histogram: (name, value, tags = {}) => void calls.push({ type: 'histogram', name, value, tags }),
    check: (name, status, tags = {}) => void calls.push({ type: 'check', name, value: status, tags }),
  };
}
