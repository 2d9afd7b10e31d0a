/**
 * Reads a property of the translated template the way CloudFormation would build it, for the checks that need the
 * final string (an account policy's JSON document, its selection criteria): Fn::Sub, Fn::Join, Fn::Split,
 * Fn::FindInMap and Ref, with fixed pseudo parameters. A resource's Ref is its name when the template gives one
 * (LogGroupName for a log group) and `ref:<id>` otherwise; Fn::GetAtt is `arn:<id>` (the ARN is not known before
 * deployment, and the checks only need to see which resource it names). Any other function is an Error, not a guess.
 */
type Json = unknown;

export interface TemplateView {
  Parameters?: Record<string, { Default?: unknown }>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

export const PSEUDO = { 'AWS::StackName': 'stack', 'AWS::Region': 'us-east-1', 'AWS::AccountId': '123456789012', 'AWS::Partition': 'aws' };

/** The name a Ref to a resource stands for, where the template sets it. */
const NAME_PROPERTY: Record<string, string> = { 'AWS::Logs::LogGroup': 'LogGroupName' };

export function resolveIntrinsics(node: Json, template: TemplateView, parameters: Record<string, string> = {}): Json {
  const again = (n: Json) => resolveIntrinsics(n, template, parameters);
  const ref = (name: string): string => {
    if (name in PSEUDO) return PSEUDO[name as keyof typeof PSEUDO];
    if (name in parameters) return parameters[name]!;
    const parameter = template.Parameters?.[name];
    if (parameter) return String(parameter.Default);
    const resource = template.Resources[name];
    if (!resource) throw new Error(`Ref ${name}: no such parameter or resource`);
    const property = NAME_PROPERTY[resource.Type];
    return property && resource.Properties?.[property] !== undefined ? String(again(resource.Properties[property])) : `ref:${name}`;
  };
  if (Array.isArray(node)) return node.map(again);
  if (!node || typeof node !== 'object') return node;
  const entries = Object.entries(node);
  if (entries.length !== 1 || !(entries[0]![0] === 'Ref' || entries[0]![0].startsWith('Fn::'))) {
    return Object.fromEntries(entries.map(([key, value]) => [key, again(value)]));
  }
  const [fn, arg] = entries[0]! as [string, unknown];
  switch (fn) {
    case 'Ref':
      return ref(arg as string);
    case 'Fn::GetAtt':
      return `arn:${(arg as [string, string])[0]}`;
    case 'Fn::FindInMap': {
      const [map, top, second] = (arg as Json[]).map(again) as string[];
      return template.Mappings![map!]![top!]![second!];
    }
    case 'Fn::Join': {
      const [separator, list] = arg as [string, Json];
      return (again(list) as string[]).join(separator);
    }
    case 'Fn::Split': {
      const [separator, source] = arg as [string, Json];
      return String(again(source)).split(separator);
    }
    case 'Fn::Sub': {
      const [text, variables] = (typeof arg === 'string' ? [arg, {}] : arg) as [string, Record<string, Json>];
      const values = Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, String(again(value))]));
      return text.replace(/\$\{([\w:.]+)\}/g, (_, name: string) => {
        if (name in values) return values[name]!;
        if (name.includes('.') && !name.startsWith('AWS::')) return `arn:${name.split('.')[0]}`;
        return ref(name);
      });
    }
    default:
      throw new Error(`${fn} is not resolved here`);
  }
}
