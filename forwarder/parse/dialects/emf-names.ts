/**
 * How an Embedded Metric Format metric (a CloudWatch namespace and a metric name) is named in Datadog:
 * EMF_NAMESPACE_RULE, documented in the README ("Metrics your Lambdas already write").
 *
 * - `integration` (the default): the name Datadog's AWS integration gives the same metric when it collects it from
 *   CloudWatch: the namespace lowercased with `/` as `.`, then the metric name in snake case, split only where a
 *   lowercase letter meets an uppercase one. Datadog's FAQ shows the convention (`AWS/ApiGateway` `IntegrationLatency`
 *   is `aws.apigateway.integration_latency`); its metric list has `aws.ec2.cpuutilization` for `CPUUtilization`, so
 *   runs of capitals are not split. Dashboards and monitors built on the CloudWatch-collected metric keep their names.
 * - `metric`: the metric name alone, as the code wrote it (characters Datadog does not allow become `_`).
 */
export const EmfNamespaceRule = {
  Integration: 'integration',
  MetricOnly: 'metric',
} as const;
export type EmfNamespaceRuleName = (typeof EmfNamespaceRule)[keyof typeof EmfNamespaceRule];

export const EMF_NAMESPACE_RULE_ENV = 'EMF_NAMESPACE_RULE';
export const DEFAULT_EMF_NAMESPACE_RULE: EmfNamespaceRuleName = EmfNamespaceRule.Integration;

/** The rule a setting names (case and surrounding blanks ignored), else undefined. */
export function emfNamespaceRuleFrom(text: string): EmfNamespaceRuleName | undefined {
  const wanted = text.trim().toLowerCase();
  return (Object.values(EmfNamespaceRule) as string[]).includes(wanted) ? (wanted as EmfNamespaceRuleName) : undefined;
}

const LOWER_THEN_UPPER = /([a-z])(?=[A-Z])/g;
const NOT_IN_LOWER_NAME = /[^a-z0-9_.]/g;
const NOT_IN_NAME = /[^A-Za-z0-9_.]/g;

/** `AWS/ApiGateway` → `aws.apigateway`; `My App` → `my_app`. */
function integrationNamespace(namespace: string): string {
  return namespace.toLowerCase().replaceAll('/', '.').replace(NOT_IN_LOWER_NAME, '_');
}

/** `IntegrationLatency` → `integration_latency`; `CPUUtilization` → `cpuutilization`; `ColdStart` → `cold_start`. */
function integrationMetric(name: string): string {
  return name.replace(LOWER_THEN_UPPER, '$1_').toLowerCase().replace(NOT_IN_LOWER_NAME, '_');
}

/** The Datadog name of metric `name` in `namespace` under `rule`. Not validated here: parse applies Datadog's rules. */
export function emfMetricName(rule: EmfNamespaceRuleName, namespace: string, name: string): string {
  if (rule === EmfNamespaceRule.MetricOnly) return name.replace(NOT_IN_NAME, '_');
  return `${integrationNamespace(namespace)}.${integrationMetric(name)}`;
}

/**
 * emfMetricName for one batch, each namespace and metric name worked out once: an EMF log repeats the same few in
 * every object, and the integration rule's three regular-expression passes cost more than a lookup.
 */
export class EmfNames {
  /** Distinct metric names remembered per batch; past it, names are worked out each time. */
  static readonly maxNames = 1_000;
  readonly #byNamespace = new Map<string, Map<string, string>>();
  #size = 0;

  constructor(private readonly rule: EmfNamespaceRuleName) {}

  of(namespace: string, name: string): string {
    let names = this.#byNamespace.get(namespace);
    const known = names?.get(name);
    if (known !== undefined) return known;
    const datadogName = emfMetricName(this.rule, namespace, name);
    if (this.#size < EmfNames.maxNames) {
      if (names === undefined) this.#byNamespace.set(namespace, (names = new Map()));
      names.set(name, datadogName);
      this.#size++;
    }
    return datadogName;
  }
}
