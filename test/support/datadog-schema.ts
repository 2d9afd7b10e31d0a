/**
 * The schema oracle: checks a payload against @datadog/datadog-api-client's own models, so our idea of the wire
 * format is tested against Datadog's published one rather than against itself.
 *   series               → v2 MetricPayload
 *   distribution_points  → v1 DistributionPointsPayload
 *   check_run            → v1 Array<ServiceCheck>
 * The client's ObjectSerializer.deserialize throws on a missing required field or a value of the wrong primitive type,
 * and turns an enum value it does not know into an UnparsedObject instead of throwing; it also lets null through a
 * required field and does not check int64. So after deserializing we walk the result and report those too, with the
 * path of each problem. Loading the models takes about a second: only tests import this, and it loads on first use.
 */

export type DatadogPayloadKind = 'series' | 'distribution_points' | 'check_run';

export interface SchemaCheck {
  valid: boolean;
  errors: string[];
}

export interface SchemaOptions {
  /** Datadog ignores fields it does not know; by default we report them, because they are usually typos. */
  allowUnknownFields?: boolean;
}

interface Serializer {
  deserialize(data: unknown, type: string, format?: string): unknown;
}

interface AttributeSpec {
  baseName: string;
  type: string;
  format?: string;
  required?: boolean;
}

type ModelInstance = Record<string, unknown> & {
  constructor: { getAttributeTypeMap?: () => Record<string, AttributeSpec> };
};

const MODELS: Record<DatadogPayloadKind, { version: 'v1' | 'v2'; type: string }> = {
  series: { version: 'v2', type: 'MetricPayload' },
  distribution_points: { version: 'v1', type: 'DistributionPointsPayload' },
  check_run: { version: 'v1', type: 'Array<ServiceCheck>' },
};

const serializers = new Map<'v1' | 'v2', Promise<Serializer>>();

/** Loads only the one API version's ObjectSerializer (and its models), not the whole client with its HTTP layer. */
function serializerFor(version: 'v1' | 'v2'): Promise<Serializer> {
  let loading = serializers.get(version);
  if (!loading) {
    const modulePath = `@datadog/datadog-api-client/dist/packages/datadog-api-client-${version}/models/ObjectSerializer.js`;
    loading = import(modulePath).then((module: { ObjectSerializer?: Serializer; default?: { ObjectSerializer: Serializer } }) => {
      const serializer = module.ObjectSerializer ?? module.default?.ObjectSerializer;
      if (!serializer) throw new Error(`no ObjectSerializer in ${modulePath}`);
      return serializer;
    });
    serializers.set(version, loading);
  }
  return loading;
}

export async function checkDatadogPayload(
  kind: DatadogPayloadKind,
  payload: unknown,
  options: SchemaOptions = {},
): Promise<SchemaCheck> {
  const model = MODELS[kind];
  const serializer = await serializerFor(model.version);
  let instance: unknown;
  try {
    instance = serializer.deserialize(payload, model.type);
  } catch (error) {
    return { valid: false, errors: [`${model.type}: ${(error as Error).message}`] };
  }
  const errors: string[] = [];
  walk(instance, '$', errors, options);
  return { valid: errors.length === 0, errors };
}

/** Throws with every problem listed; for `await expectDatadogPayload(...)` style use in tests. */
export async function assertDatadogPayload(kind: DatadogPayloadKind, payload: unknown, options?: SchemaOptions): Promise<void> {
  const result = await checkDatadogPayload(kind, payload, options);
  if (!result.valid) throw new Error(`not a valid Datadog ${kind} payload:\n  ${result.errors.join('\n  ')}`);
}

function isUnparsed(value: unknown): value is { _data: unknown } {
  return typeof value === 'object' && value !== null && value.constructor?.name === 'UnparsedObject';
}

function walk(value: unknown, path: string, errors: string[], options: SchemaOptions): void {
  if (isUnparsed(value)) {
    errors.push(`${path}: ${JSON.stringify(value._data)} is not one of the values Datadog's schema allows here`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${path}[${i}]`, errors, options));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const attributes = (value as ModelInstance).constructor.getAttributeTypeMap?.();
  if (!attributes) return; // a plain map (additionalProperties contents): free-form by definition
  for (const [name, spec] of Object.entries(attributes)) {
    const field = (value as ModelInstance)[name];
    if (name === 'additionalProperties') {
      if (field && !options.allowUnknownFields) errors.push(`${path}: unknown field(s) ${Object.keys(field).join(', ')}`);
      continue;
    }
    const where = `${path}.${spec.baseName}`;
    if (field === null) errors.push(`${where}: null is not allowed`);
    else if (spec.format === 'int64' && typeof field === 'number' && !Number.isInteger(field)) {
      errors.push(`${where}: ${field} is not an integer (int64)`);
    } else walk(field, where, errors, options);
  }
}
