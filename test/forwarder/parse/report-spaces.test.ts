/**
 * REPORT lines whose fields are separated by spaces instead of tabs, as some exports show them and as the Datadog
 * Forwarder's own tests write them. The lines below are the fixtures of DataDog/datadog-serverless-functions,
 * aws/logs_monitoring/tests/test_enhanced_lambda_metrics.py (`standard_report`, `cold_start_report`, commit b9af797),
 * and the example in the docstring of parse_metrics_from_report_log (aws/logs_monitoring/enhanced_lambda_metrics.py),
 * whose XRAY fields follow on the same line. The values expected are the ones those tests approve.
 */
import fc from 'fast-check';
import { parseInitReportLine, parseReportFields, parseReportLine } from '../../../forwarder/parse/report-text.js';
import { parseMessages } from './helpers.js';

const DatadogFixture = {
  standard: 'REPORT RequestId: 8edab1f8-7d34-4a8e-a965-15ccbbb78d4c Duration: 0.62 ms  Billed Duration: 100 ms Memory Size: 128 MB Max Memory Used: 51 MB',
  coldStart:
    'REPORT RequestId: 8edab1f8-7d34-4a8e-a965-15ccbbb78d4c Duration: 0.81 ms  Billed Duration: 100 ms Memory Size: 128 MB Max Memory Used: 90 MB  Init Duration: 1234 ms',
  docstring:
    'REPORT RequestId: 814ba7cb-071e-4181-9a09-fa41db5bccad Duration: 1711.87 ms    Billed Duration: 1800 ms    Memory Size: 128 MB Max Memory Used: 98 MB  XRAY TraceId: 1-5d83c0ad-b8eb33a0b1de97d804fac890   SegmentId: 31255c3b19bd3637 Sampled: true',
} as const;

describe('REPORT lines with space-separated fields', () => {
  it("reads the Datadog Forwarder's standard report fixture", () => {
    expect(parseReportLine(DatadogFixture.standard, 5)).toEqual({
      requestId: '8edab1f8-7d34-4a8e-a965-15ccbbb78d4c',
      timestamp: 5,
      durationMs: 0.62,
      billedDurationMs: 100,
      memorySizeMb: 128,
      maxMemoryUsedMb: 51,
    });
  });

  it('reads its cold start fixture, Init Duration included', () => {
    expect(parseReportLine(DatadogFixture.coldStart, 5)).toMatchObject({ requestId: '8edab1f8-7d34-4a8e-a965-15ccbbb78d4c', durationMs: 0.81, maxMemoryUsedMb: 90, initDurationMs: 1234 });
  });

  it('reads the docstring example and ignores the XRAY fields on the same line', () => {
    expect(parseReportLine(DatadogFixture.docstring, 5)).toEqual({
      requestId: '814ba7cb-071e-4181-9a09-fa41db5bccad',
      timestamp: 5,
      durationMs: 1711.87,
      billedDurationMs: 1800,
      memorySizeMb: 128,
      maxMemoryUsedMb: 98,
    });
  });

  it('counts a space-separated report through the batch parser like a tab-separated one', () => {
    const parsed = parseMessages([DatadogFixture.standard, `${DatadogFixture.coldStart}\n`]);
    expect(parsed.reports.map((r) => [r.requestId, r.durationMs, r.initDurationMs])).toEqual([
      ['8edab1f8-7d34-4a8e-a965-15ccbbb78d4c', 0.62, undefined],
      ['8edab1f8-7d34-4a8e-a965-15ccbbb78d4c', 0.81, 1234],
    ]);
  });

  it('reads a space-separated status and error type, and a mix of tabs and spaces', () => {
    const line = 'REPORT RequestId: r1 Duration: 3000.00 ms\tBilled Duration: 3000 ms Memory Size: 128 MB\tMax Memory Used: 128 MB Status: error Error Type: Runtime.OutOfMemory';
    expect(parseReportLine(line, 0)).toEqual({
      requestId: 'r1',
      timestamp: 0,
      durationMs: 3000,
      billedDurationMs: 3000,
      memorySizeMb: 128,
      maxMemoryUsedMb: 128,
      status: 'error',
      errorType: 'Runtime.OutOfMemory',
    });
    expect(parseInitReportLine('INIT_REPORT Init Duration: 998.15 ms Phase: invoke Status: error Error Type: Runtime.Unknown')).toEqual({
      initDurationMs: 998.15,
      phase: 'invoke',
      status: 'error',
      errorType: 'Runtime.Unknown',
    });
  });

  it('keeps a tab-separated value that itself holds ": " whole', () => {
    const line = 'REPORT RequestId: r1\tDuration: 5 ms\tStatus: error\tError Type: Custom.Error: with detail\t';
    expect(parseReportFields(line, 0)).toMatchObject({ requestId: 'r1', durationMs: 5, errorType: 'Custom.Error: with detail' });
  });

  it('reads the same report from any mix of tab and space separators', () => {
    const separator = fc.constantFrom('\t', ' ', '  ', ' \t', '\t ');
    fc.assert(
      fc.property(fc.array(separator, { minLength: 5, maxLength: 5 }), fc.nat({ max: 99_999 }), fc.nat({ max: 10_240 }), (seps, duration, memory) => {
        const fields = ['REPORT RequestId: 0f3c5e8a-7b1d-4c2e-9f6a-1b2c3d4e5f60', `Duration: ${duration / 100} ms`, `Billed Duration: ${duration} ms`, `Memory Size: ${memory} MB`, 'Max Memory Used: 64 MB', 'Init Duration: 150.12 ms'];
        const line = fields.reduce((text, field, i) => (i === 0 ? field : `${text}${seps[i - 1]}${field}`), '');
        expect(parseReportLine(line, 1)).toEqual({
          requestId: '0f3c5e8a-7b1d-4c2e-9f6a-1b2c3d4e5f60',
          timestamp: 1,
          durationMs: duration / 100,
          billedDurationMs: duration,
          memorySizeMb: memory,
          maxMemoryUsedMb: 64,
          initDurationMs: 150.12,
        });
      }),
      { numRuns: 500 },
    );
  });
});
