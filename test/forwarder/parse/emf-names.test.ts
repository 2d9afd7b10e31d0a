/**
 * EMF_NAMESPACE_RULE: how a CloudWatch namespace and metric name become a Datadog metric name. The `integration`
 * cases are names Datadog's AWS integration really uses for CloudWatch metrics (its FAQ and metric lists), so an EMF
 * metric arrives under the name the integration would give it.
 */
import { parseSettings } from '../../../forwarder/config.js';
import { EmfNames, emfMetricName, emfNamespaceRuleFrom } from '../../../forwarder/parse/dialects/emf-names.js';

describe('integration (the default)', () => {
  it.each([
    ['AWS/ApiGateway', 'IntegrationLatency', 'aws.apigateway.integration_latency'],
    ['AWS/EC2', 'CPUUtilization', 'aws.ec2.cpuutilization'],
    ['AWS/EC2', 'CPUCreditUsage', 'aws.ec2.cpucredit_usage'],
    ['AWS/Lambda', 'ConcurrentExecutions', 'aws.lambda.concurrent_executions'],
    ['AWS/ApplicationELB', 'HTTPCode_Target_2XX_Count', 'aws.applicationelb.httpcode_target_2xx_count'],
    ['Shop/Orders', 'ColdStart', 'shop.orders.cold_start'],
    ['aws-embedded-metrics', 'ChargeLatency', 'aws_embedded_metrics.charge_latency'],
    ['My App', 'orders placed', 'my_app.orders_placed'],
  ])('%s %s → %s', (namespace, name, expected) => {
    expect(emfMetricName('integration', namespace, name)).toBe(expected);
  });
});

test('metric: the name alone, characters Datadog refuses as _', () => {
  expect(emfMetricName('metric', 'Shop/Orders', 'OrdersPlaced')).toBe('OrdersPlaced');
  expect(emfMetricName('metric', 'Shop', 'orders placed/min')).toBe('orders_placed_min');
});

test('the setting: known rules in any case, anything else refused with the setting named', () => {
  expect(emfNamespaceRuleFrom(' Metric ')).toBe('metric');
  expect(emfNamespaceRuleFrom('namespace')).toBeUndefined();
  const base = { AWS_REGION: 'us-east-1' };
  expect(parseSettings(base).emfNamespaceRule).toBe('integration');
  expect(parseSettings({ ...base, EMF_NAMESPACE_RULE: 'metric' }).emfNamespaceRule).toBe('metric');
  expect(() => parseSettings({ ...base, EMF_NAMESPACE_RULE: 'bogus' })).toThrow(/EMF_NAMESPACE_RULE "bogus" is not a rule; use integration or metric/);
});

describe('EmfNames: one batch\'s names, each worked out once', () => {
  it('gives what emfMetricName gives, under either rule', () => {
    for (const rule of ['integration', 'metric'] as const) {
      const names = new EmfNames(rule);
      for (const [namespace, name] of [['AWS/EC2', 'CPUUtilization'], ['Shop', 'orders placed/min'], ['AWS/EC2', 'CPUUtilization'], ['Shop/Orders', 'CPUUtilization']]) {
        expect(names.of(namespace!, name!)).toBe(emfMetricName(rule, namespace!, name!));
      }
    }
  });

  it('keeps a namespace and a name apart (no key joins them)', () => {
    const names = new EmfNames('integration');
    expect(names.of('A', 'BC')).toBe('a.bc');
    expect(names.of('AB', 'C')).toBe('ab.c');
  });

  it('stops remembering past maxNames, and still answers right', () => {
    const names = new EmfNames('integration');
    for (let i = 0; i < EmfNames.maxNames + 5; i++) expect(names.of('Shop', `Metric${i}`)).toBe(`shop.metric${i}`);
  });
});
