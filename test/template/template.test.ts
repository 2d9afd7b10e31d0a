/**
 * template.yaml: cfn-lint passes (with no check ignored), and the plain CloudFormation that aws-sam-translator makes
 * of it is checked: functions against the bundles `npm run build` writes, IAM scoping, subscriptions, the state
 * machine's substitutions and trigger, log groups, and that no API key is ever a plain value.
 * Needs Python 3 with cfn-lint and aws-sam-translator: test/support/python-tools.ts finds them or installs them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ForwarderEnv } from '../../forwarder/config.js';
import { DEFAULT_PLATFORM_NAMING, PlatformNaming } from '../../forwarder/metric-names.js';
import { DEFAULT_EMF_NAMESPACE_RULE, EmfNamespaceRule } from '../../forwarder/parse/dialects/emf-names.js';
import { FORWARDER_FILTER_PATTERN } from '../../forwarder/subscriber/filter-pattern.js';
import { PipelineFunction } from '../../pipeline/constants.js';
import { DEFINITION_PATH } from '../pipeline/support/definition.js';
import { CFN_LINT_ARGS, pythonWithTools } from '../support/python-tools.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const at = (path: string) => resolve(root, path);

type Json = Record<string, unknown>;
interface Resource {
  Type: string;
  Properties: Json;
  Condition?: string;
  DependsOn?: string | string[];
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${command} could not run (${result.error.message})`);
  return result;
}

// Translated once for the whole file (about 2 s).
const translated = (() => {
  const out = run(pythonWithTools(), ['test/template/sam_translate.py', 'template.yaml', 'NotifyPhoneNumber=+15555550100'], {
    AWS_DEFAULT_REGION: 'us-east-1',
  });
  if (out.status !== 0) throw new Error(`sam_translate.py failed: ${out.stderr}`);
  return JSON.parse(out.stdout) as { localPaths: Record<string, string>; cloudformation: { Resources: Record<string, Resource>; Mappings: Json } };
})();
const resources = translated.cloudformation.Resources;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const functions = ofType('AWS::Lambda::Function');

/** The Lambda bundles scripts/build.mjs writes: its `lambdas` table (read as text: importing it would run a build). */
const buildTable = (() => {
  const source = readFileSync(at('scripts/build.mjs'), 'utf8');
  const table = /export const lambdas = \{([\s\S]*?)\};/.exec(source)?.[1];
  if (!table) throw new Error('scripts/build.mjs has no `lambdas` table');
  return Object.fromEntries([...table.matchAll(/(?<![\w-])'?([\w-]+)'?:\s*'([^']+)'/g)].map((m) => [m[1]!, m[2]!]));
})();

test('cfn-lint passes with no check ignored', () => {
  const templateText = readFileSync(at('template.yaml'), 'utf8');
  expect(templateText).not.toMatch(/cfn-lint|IgnoreChecks|ignore_checks/);
  const lint = run(pythonWithTools(), [...CFN_LINT_ARGS, 'template.yaml']);
  expect({ status: lint.status, output: lint.stdout + lint.stderr }).toEqual({ status: 0, output: '' });
});

test('every function runs a bundle from npm run build, on nodejs24.x, index.handler, arm64 by default', () => {
  expect(functions.map(([id]) => id).sort()).toEqual(
    ['CheckBuildFunction', 'ForwarderFunction', 'NotifyFunction', 'PollerFunction', 'ReplayFunction', 'StartBuildFunction', 'SubscriberFunction', 'WhatChangedFunction'],
  );
  const codeUris = functions.map(([id]) => translated.localPaths[id]);
  // One function per bundle the build writes, and no bundle without a function.
  expect(codeUris.sort()).toEqual(Object.keys(buildTable).map((name) => `dist/${name}`).sort());
  const templateParameters = (readFileSync(at('template.yaml'), 'utf8').match(/Architecture:\n\s+Type: String\n\s+Default: (\w+)/) ?? [])[1];
  expect(templateParameters).toBe('arm64');
  for (const [id, fn] of functions) {
    expect({ id, runtime: fn.Properties.Runtime, handler: fn.Properties.Handler, arch: fn.Properties.Architectures }).toEqual({
      id, runtime: 'nodejs24.x', handler: 'index.handler', arch: [{ Ref: 'Architecture' }],
    });
  }
});

test('PlatformMetricNaming offers the namings metric-names.ts knows, defaults to its default; forwarder and poller read it and METRIC_PREFIX', () => {
  const parameters = (translated.cloudformation as unknown as { Parameters: Record<string, Json> }).Parameters;
  expect(parameters.PlatformMetricNaming).toMatchObject({ Default: DEFAULT_PLATFORM_NAMING, AllowedValues: Object.values(PlatformNaming) });
  expect(parameters.MetricPrefix).toMatchObject({ Default: '' }); // empty: the naming's own prefix
  for (const id of ['ForwarderFunction', 'PollerFunction']) {
    const variables = (resources[id]!.Properties.Environment as { Variables: Json }).Variables;
    expect(variables).toMatchObject({ [ForwarderEnv.metricNaming]: { Ref: 'PlatformMetricNaming' }, [ForwarderEnv.metricPrefix]: { Ref: 'MetricPrefix' } });
  }
});

test('EmfNamespaceRule offers the rules emf-names.ts knows, defaults to its default, and reaches the forwarder', () => {
  const parameters = (translated.cloudformation as unknown as { Parameters: Record<string, Json> }).Parameters;
  expect(parameters.EmfNamespaceRule).toMatchObject({ Default: DEFAULT_EMF_NAMESPACE_RULE, AllowedValues: Object.values(EmfNamespaceRule) });
  const variables = (resources.ForwarderFunction!.Properties.Environment as { Variables: Json }).Variables;
  expect(variables).toMatchObject({ [ForwarderEnv.emfNamespaceRule]: { Ref: 'EmfNamespaceRule' } });
});

test('LogSource offers the three sources (test/template/log-source.test.ts checks each) and defaults to per-log-group subscriptions', () => {
  const parameters = (translated.cloudformation as unknown as { Parameters: Record<string, Json> }).Parameters;
  expect(parameters.LogSource).toMatchObject({ Default: 'per-log-group', AllowedValues: ['per-log-group', 'account-policy', 'account-policy-kinesis'] });
});

test('the pipeline functions are built and deployed under the names pipeline/constants.ts gives them', () => {
  const deployedNames = functions.map(([, fn]) => fn.Properties.FunctionName);
  for (const name of Object.values(PipelineFunction)) {
    expect({ name, entry: buildTable[name] }).toEqual({ name, entry: expect.stringMatching(/^pipeline\/handlers\/[\w-]+\.ts$/) });
    expect(deployedNames).toContainEqual({ 'Fn::Sub': `\${AWS::StackName}-${name}` });
  }
});

test('after npm run build, every bundle whose source exists is in dist/ and exports a handler', () => {
  const missingSources = Object.entries(buildTable).filter(([, entry]) => !existsSync(at(entry)));
  for (const [name, entry] of Object.entries(buildTable)) {
    if (!existsSync(at(entry))) continue; // not written yet (listed below); scripts/build.mjs skips it too
    const bundle = at(`dist/${name}/index.js`);
    expect({ bundle: `dist/${name}/index.js`, exists: existsSync(bundle) }).toEqual({ bundle: `dist/${name}/index.js`, exists: true });
    expect(statSync(bundle).size).toBeGreaterThan(0);
    expect(readFileSync(bundle, 'utf8')).toMatch(/\bhandler\b/);
  }
  if (missingSources.length) console.warn(`template references bundles not written yet: ${missingSources.map(([n]) => n).join(', ')}`);
});

/** Every statement of every role, with both branches of an Fn::If (Ref AWS::NoValue dropped). */
function statements(): Array<{ role: string; statement: Json }> {
  const out: Array<{ role: string; statement: Json }> = [];
  const expand = (s: unknown): Json[] => {
    if (s && typeof s === 'object' && 'Fn::If' in s) {
      const [, yes, no] = (s as { 'Fn::If': [string, unknown, unknown] })['Fn::If'];
      return [...expand(yes), ...expand(no)];
    }
    if (s && typeof s === 'object' && 'Ref' in s && (s as Json).Ref === 'AWS::NoValue') return [];
    return [s as Json];
  };
  for (const [role, r] of ofType('AWS::IAM::Role')) {
    expect({ role, managed: r.Properties.ManagedPolicyArns ?? [] }).toEqual({ role, managed: [] });
    for (const policy of (r.Properties.Policies as Array<{ PolicyDocument: { Statement: unknown[] } }>) ?? []) {
      for (const s of policy.PolicyDocument.Statement.flatMap(expand)) out.push({ role, statement: s });
    }
  }
  return out;
}

/** The only actions granted on `*`, each because AWS accepts no narrower resource for it (comments in the template). */
const starResourceActions = new Set([
  'tag:GetResources',
  'cloudwatch:GetMetricData',
  'lambda:ListFunctions',
  'sns:Publish',
  'logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups',
]);

test('every IAM statement is scoped: named actions, and `*` resources only where AWS admits nothing narrower', () => {
  const all = statements();
  expect(all.length).toBeGreaterThan(20);
  for (const { role, statement } of all) {
    expect(statement.Effect).toBe('Allow');
    const actions = [statement.Action].flat() as string[];
    for (const action of actions) expect({ role, action, wildcard: /\*/.test(action) }).toEqual({ role, action, wildcard: false });
    const resourcesOf = [statement.Resource].flat();
    if (resourcesOf.includes('*')) {
      for (const action of actions) expect({ role, action, allowedOnStar: starResourceActions.has(action) }).toEqual({ role, action, allowedOnStar: true });
    }
  }
  // Each function writes only its own log group.
  for (const [id, fn] of functions) {
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const logGroup = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    const writes = all.filter((s) => s.role === roleId && [s.statement.Action].flat().includes('logs:PutLogEvents'));
    expect({ id, resources: writes.map((s) => s.statement.Resource) }).toEqual({ id, resources: [{ 'Fn::GetAtt': [logGroup, 'Arn'] }] });
  }
});

test('no API key is ever a plain value: only where it is stored, and only that is readable', () => {
  const text = readFileSync(at('template.yaml'), 'utf8');
  expect(text).not.toMatch(/^[ \t]+DD_API_KEY:/m);
  expect(text).not.toMatch(/^ {2}DdApiKey:/m);
  for (const [, fn] of functions) expect(Object.keys((fn.Properties.Environment as { Variables?: Json } | undefined)?.Variables ?? {})).not.toContain('DD_API_KEY');
  const readers = statements().filter((s) => [s.statement.Action].flat().some((a) => /GetSecretValue|ssm:GetParameter/.test(String(a))));
  expect(new Set(readers.map((r) => r.role))).toEqual(new Set(['ForwarderRole', 'PollerRole', 'ReplayRole']));
  for (const r of readers) expect(JSON.stringify(r.statement.Resource)).toMatch(/DdApiKeySecretArn|DdApiKeySsmName/);
});

test('the subscription filters deliver to the forwarder, with the subscriber\'s own pattern, never from its own log group', () => {
  const mapping = translated.cloudformation.Mappings.Forwarder as { Subscription: { FilterPattern: string; FilterName: string } };
  expect(mapping.Subscription.FilterPattern).toBe(FORWARDER_FILTER_PATTERN);
  const filters = ofType('AWS::Logs::SubscriptionFilter');
  expect(filters.length).toBe(12);
  for (const [id, f] of filters) {
    expect({ id, to: f.Properties.DestinationArn }).toEqual({ id, to: { 'Fn::GetAtt': ['ForwarderFunction', 'Arn'] } });
    expect(f.Properties.FilterPattern).toEqual({ 'Fn::FindInMap': ['Forwarder', 'Subscription', 'FilterPattern'] });
    expect(f.DependsOn).toBe('ForwarderLogsPermission');
  }
  const subscribedGroups = filters.map(([, f]) => (f.Properties.LogGroupName as { Ref?: string }).Ref).filter(Boolean);
  const functionGroups = functions.map(([, fn]) => (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref);
  expect(subscribedGroups.sort()).toEqual(functionGroups.filter((g) => g !== 'ForwarderLogGroup').sort());

  const permission = resources.ForwarderLogsPermission!;
  expect(permission.Properties).toMatchObject({ Action: 'lambda:InvokeFunction', Principal: 'logs.amazonaws.com', FunctionName: { 'Fn::GetAtt': ['ForwarderFunction', 'Arn'] } });
  const subscriber = resources.SubscriberFunction!.Properties.Environment as { Variables: Json };
  expect(subscriber.Variables).toMatchObject({ DESTINATION_ARN: { 'Fn::GetAtt': ['ForwarderFunction', 'Arn'] }, FORWARDER_LOG_GROUP: { Ref: 'ForwarderLogGroup' } });
});

test('the forwarder: reserved concurrency, a dead-letter destination, and every function\'s own log group with retention', () => {
  const forwarder = resources.ForwarderFunction!.Properties;
  expect(forwarder.ReservedConcurrentExecutions).toEqual({ Ref: 'ForwarderReservedConcurrency' });
  const [, invokeConfig] = ofType('AWS::Lambda::EventInvokeConfig')[0]!;
  expect(invokeConfig.Properties).toMatchObject({
    DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['ForwarderDeadLetterQueue', 'Arn'] } } },
  });
  for (const [id, fn] of functions) {
    const logging = fn.Properties.LoggingConfig as { LogFormat: unknown; LogGroup: { Ref: string } };
    expect({ id, format: logging.LogFormat }).toEqual({ id, format: { Ref: 'LogFormat' } });
    expect(resources[logging.LogGroup.Ref]!.Properties.RetentionInDays).toEqual({ Ref: 'LogRetentionDays' });
  }
  const bucket = resources.FailureBucket!.Properties as { BucketEncryption: unknown; LifecycleConfiguration: { Rules: Json[] } };
  expect(bucket.BucketEncryption).toBeDefined();
  expect(bucket.LifecycleConfiguration.Rules[0]).toMatchObject({ Status: 'Enabled', ExpirationInDays: { Ref: 'FailureRetentionDays' } });
});

test('schedules: poller every minute, replay and subscriber on theirs, subscriber also on CreateLogGroup', () => {
  const rules = ofType('AWS::Events::Rule').map(([, r]) => r.Properties as { ScheduleExpression?: unknown; EventPattern?: Json; Targets: Array<{ Arn: unknown }> });
  const target = (fn: string) => rules.filter((r) => JSON.stringify(r.Targets).includes(`"${fn}"`));
  expect(target('PollerFunction').map((r) => r.ScheduleExpression)).toEqual(['rate(1 minute)']);
  expect(target('ReplayFunction').map((r) => r.ScheduleExpression)).toEqual([{ Ref: 'ReplaySchedule' }]);
  const subscriberRules = target('SubscriberFunction');
  expect(subscriberRules.map((r) => r.ScheduleExpression).filter(Boolean)).toEqual([{ Ref: 'SubscriberSchedule' }]);
  expect(subscriberRules.map((r) => r.EventPattern).filter(Boolean)).toEqual([
    { source: ['aws.logs'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventSource: ['logs.amazonaws.com'], eventName: ['CreateLogGroup'] } },
  ]);
});

test('the state machine is the file the pipeline tests execute, and every ${…} in it resolves', () => {
  expect(resolve(root, translated.localPaths.BuildPipeline!)).toBe(DEFINITION_PATH);
  const placeholders = new Set([...readFileSync(DEFINITION_PATH, 'utf8').matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]));
  const [, machine] = ofType('AWS::StepFunctions::StateMachine')[0]!;
  const substitutions = machine.Properties.DefinitionSubstitutions as Json;
  expect(new Set(Object.keys(substitutions))).toEqual(placeholders);
  for (const [name, value] of Object.entries(substitutions)) expect({ name, value: value === '' || value === undefined }).toEqual({ name, value: false });
  // The machine may invoke exactly the four pipeline functions.
  const invokes = statements().filter((s) => s.role === 'BuildPipelineRole' && [s.statement.Action].flat().includes('lambda:InvokeFunction'));
  const invoked = invokes.map((s) => JSON.stringify(s.statement.Resource).match(/"Ref":"(\w+)"/)?.[1]).sort();
  expect(invoked).toEqual(['CheckBuildFunction', 'NotifyFunction', 'StartBuildFunction', 'WhatChangedFunction']);
});

test('the push trigger is pipeline/trigger.json with the repository and branch parameters', () => {
  const trigger = JSON.parse(readFileSync(at('pipeline/trigger.json'), 'utf8')) as { EventPattern: Json; InputTransformer: Json };
  const [, rule] = ofType('AWS::Events::Rule').find(([, r]) => JSON.stringify(r.Properties.Targets).includes('"BuildPipeline"'))!;
  const repositoryArn = { 'Fn::Sub': 'arn:${AWS::Partition}:codecommit:${AWS::Region}:${AWS::AccountId}:${PipelineRepositoryName}' };
  const expected = JSON.parse(
    JSON.stringify(trigger.EventPattern)
      .replace('"${RepositoryArn}"', JSON.stringify(repositoryArn))
      .replace('"${Branch}"', JSON.stringify({ Ref: 'PipelineBranch' })),
  );
  expect(rule.Properties.EventPattern).toEqual(expected);
  const [target] = rule.Properties.Targets as Array<{ InputTransformer: Json }>;
  expect(target!.InputTransformer).toEqual(trigger.InputTransformer);
});
