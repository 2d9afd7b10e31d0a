/**
 * template.yaml's LogSource: each choice is resolved as CloudFormation would deploy it (resolve_choice.py: conditions
 * evaluated, what they switch off removed), and that template must pass cfn-lint (no check ignored) and
 * aws-sam-translator, and hold exactly what the choice needs: the subscriber and its filters only per log group, an
 * account policy that leaves out the forwarder's own log group (it would read its own output forever) with the
 * subscriber's filter pattern, and for Kinesis a stream, a role only CloudWatch Logs can assume, and an event source
 * mapping with partial batch responses, bisection, bounded retries and an on-failure destination.
 * Needs Python 3 with cfn-lint and aws-sam-translator (test/support/python-tools.ts finds or installs them).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORWARDER_FILTER_PATTERN } from '../../forwarder/subscriber/filter-pattern.js';
import { CFN_LINT_ARGS, pythonWithTools } from '../support/python-tools.js';
import { PSEUDO, resolveIntrinsics, type TemplateView } from './intrinsics.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

type Json = Record<string, unknown>;
interface Resource {
  Type: string;
  Properties: Json;
  DependsOn?: string | string[];
}
interface Translated extends TemplateView {
  Resources: Record<string, Resource>;
  Parameters: Record<string, Json>;
  Outputs?: Record<string, Json>;
}

/** Parameters without a default, the same for every choice. */
const REQUIRED = { NotifyPhoneNumber: '+15555550100', DdApiKeySsmName: '/datadog/api_key' };
const EXTRA_EXCLUDED = ['/aws/lambda/payments-audit', '/custom/noisy'];

/** Each LogSource value, with the parameters that shape it (both Kinesis capacity modes). */
const CHOICES = {
  perLogGroup: { LogSource: 'per-log-group', SubscribedLogGroups: '/aws/lambda/a,/aws/lambda/b' },
  accountPolicy: { LogSource: 'account-policy', AccountPolicyExcludedLogGroups: EXTRA_EXCLUDED.join(',') },
  kinesisOnDemand: { LogSource: 'account-policy-kinesis' },
  kinesisProvisioned: { LogSource: 'account-policy-kinesis', KinesisShardCount: '4', KinesisDistribution: 'Random', KinesisParallelizationFactor: '2' },
} as const;
type Choice = keyof typeof CHOICES;

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', env: { ...process.env, AWS_DEFAULT_REGION: PSEUDO['AWS::Region'] }, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${command} could not run (${result.error.message})`);
  return result;
}

const work = mkdtempSync(join(tmpdir(), 'log-source-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let lint: { status: number | null; output: string } | undefined;
const translated: Partial<Record<Choice, Translated>> = {};
const parametersOf = (choice: Choice): Record<string, string> => ({ ...REQUIRED, ...CHOICES[choice] });

beforeAll(() => {
  const python = pythonWithTools();
  const files: string[] = [];
  for (const choice of Object.keys(CHOICES) as Choice[]) {
    const file = join(work, `${choice}.json`);
    const assignments = Object.entries(parametersOf(choice)).map(([name, value]) => `${name}=${value}`);
    const resolved = run(python, ['test/template/resolve_choice.py', 'template.yaml', file, ...assignments]);
    if (resolved.status !== 0) throw new Error(`resolve_choice.py ${choice} failed: ${resolved.stderr}`);
    files.push(file);
    const out = run(python, ['test/template/sam_translate.py', file, ...assignments]);
    if (out.status !== 0) throw new Error(`sam_translate.py ${choice} failed: ${out.stderr}`);
    translated[choice] = (JSON.parse(out.stdout) as { cloudformation: Translated }).cloudformation;
  }
  // One cfn-lint for all of them (its start is most of its time); each finding names its file, i.e. its choice.
  const linted = run('nice', ['-n', '19', python, ...CFN_LINT_ARGS, ...files]);
  lint = { status: linted.status, output: linted.stdout + linted.stderr };
}, 240_000);

const template = (choice: Choice) => translated[choice]!;
const ofType = (choice: Choice, type: string) => Object.entries(template(choice).Resources).filter(([, r]) => r.Type === type);
const ids = (choice: Choice, type: string) => ofType(choice, type).map(([id]) => id).sort();
const final = (choice: Choice, node: unknown) => resolveIntrinsics(node, template(choice), parametersOf(choice));
const logGroupOf = (choice: Choice, functionId: string) =>
  final(choice, { Ref: ((template(choice).Resources[functionId]!.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref) });

test('cfn-lint passes the template as each choice deploys it, with no check ignored', () => {
  expect(lint).toEqual({ status: 0, output: '' });
});

test('per-log-group deploys the subscriber and the stack\'s filters, and no account policy or stream', () => {
  const choice = 'perLogGroup';
  expect(ids(choice, 'AWS::Lambda::Function')).toContain('SubscriberFunction');
  // Seven of the stack's own log groups plus the two listed in SubscribedLogGroups.
  expect(ofType(choice, 'AWS::Logs::SubscriptionFilter')).toHaveLength(9);
  expect(ids(choice, 'AWS::Logs::AccountPolicy')).toEqual([]);
  expect(ids(choice, 'AWS::Kinesis::Stream')).toEqual([]);
  expect(ids(choice, 'AWS::Lambda::EventSourceMapping')).toEqual([]);
  expect(final(choice, template(choice).Resources.ForwarderLogsPermission!.Properties.SourceArn)).toBe('arn:aws:logs:us-east-1:123456789012:log-group:*');
});

describe.each(['accountPolicy', 'kinesisOnDemand', 'kinesisProvisioned'] as Choice[])('%s', (choice) => {
  const policies = () => ofType(choice, 'AWS::Logs::AccountPolicy');

  test('deploys no subscriber: no subscriber function, role, log group or schedule, and no per-group filter', () => {
    const resources = template(choice).Resources;
    expect(Object.keys(resources).filter((id) => id.startsWith('Subscriber'))).toEqual([]);
    expect(ofType(choice, 'AWS::Logs::SubscriptionFilter')).toEqual([]);
    expect(JSON.stringify(resources)).not.toMatch(/SubscriberFunction|SubscriberRole|SubscriberLogGroup/);
  });

  test('one subscription filter policy for the whole account, with the subscriber\'s own filter pattern', () => {
    expect(policies()).toHaveLength(1);
    const [, policy] = policies()[0]!;
    expect(policy.Properties).toMatchObject({ PolicyType: 'SUBSCRIPTION_FILTER_POLICY', Scope: 'ALL' });
    const document = JSON.parse(final(choice, policy.Properties.PolicyDocument) as string) as Json;
    expect(document.FilterPattern).toBe(FORWARDER_FILTER_PATTERN);
    if (choice === 'accountPolicy') {
      expect(document).toEqual({ DestinationArn: 'arn:ForwarderFunction', FilterPattern: FORWARDER_FILTER_PATTERN });
    } else {
      const distribution = choice === 'kinesisProvisioned' ? 'Random' : 'ByLogStream';
      expect(document).toEqual({ DestinationArn: 'arn:LogStream', RoleArn: 'arn:LogsToStreamRole', FilterPattern: FORWARDER_FILTER_PATTERN, Distribution: distribution });
    }
  });

  test('its selection criteria leave out the forwarder\'s own log group, the poller\'s and replay\'s, and the extra ones', () => {
    const [, policy] = policies()[0]!;
    const criteria = final(choice, policy.Properties.SelectionCriteria) as string;
    const list = /^LogGroupName NOT IN (\[.*\])$/.exec(criteria)?.[1];
    expect({ criteria, parsed: list !== undefined }).toEqual({ criteria, parsed: true });
    const excluded = JSON.parse(list!) as string[];
    // The names the functions really log to, read from their LoggingConfig, not written out again here.
    const own = ['ForwarderFunction', 'PollerFunction', 'ReplayFunction'].map((id) => logGroupOf(choice, id));
    expect(own[0]).toBe(`/aws/lambda/${PSEUDO['AWS::StackName']}-forwarder`);
    expect(excluded).toEqual([...own, ...(choice === 'accountPolicy' ? EXTRA_EXCLUDED : [])]);
    expect(Buffer.byteLength(criteria)).toBeLessThanOrEqual(25 * 1024); // PutAccountPolicy's limit
  });
});

test('account-policy: CloudWatch Logs may invoke the forwarder (the policy waits for that), and there is no stream', () => {
  const choice = 'accountPolicy';
  const [id, policy] = ofType(choice, 'AWS::Logs::AccountPolicy')[0]!;
  expect({ id, dependsOn: [policy.DependsOn].flat() }).toEqual({ id, dependsOn: ['ForwarderLogsPermission'] });
  const permission = template(choice).Resources.ForwarderLogsPermission!.Properties;
  expect(final(choice, permission)).toEqual({
    Action: 'lambda:InvokeFunction', FunctionName: 'arn:ForwarderFunction', Principal: 'logs.amazonaws.com',
    SourceAccount: PSEUDO['AWS::AccountId'], SourceArn: 'arn:aws:logs:us-east-1:123456789012:*',
  });
  expect(ids(choice, 'AWS::Kinesis::Stream')).toEqual([]);
  expect(ids(choice, 'AWS::Lambda::EventSourceMapping')).toEqual([]);
});

describe.each(['kinesisOnDemand', 'kinesisProvisioned'] as Choice[])('%s', (choice) => {
  const resources = () => template(choice).Resources;

  test('the stream: on-demand with a shard count of 0, else provisioned with that many shards; encrypted', () => {
    const stream = resources().LogStream!.Properties;
    if (choice === 'kinesisOnDemand') {
      expect(stream.StreamModeDetails).toEqual({ StreamMode: 'ON_DEMAND' });
      expect(stream.ShardCount).toBeUndefined();
    } else {
      expect(stream.StreamModeDetails).toEqual({ StreamMode: 'PROVISIONED' });
      expect(final(choice, stream.ShardCount)).toBe('4');
    }
    expect(stream.StreamEncryption).toEqual({ EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' });
  });

  test('the event source mapping: partial batch responses, bisection, bounded retries and record age, an on-failure queue', () => {
    const mappings = ofType(choice, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(1);
    const [, mapping] = mappings[0]!;
    const props = final(choice, mapping.Properties) as Json;
    expect(props).toMatchObject({
      FunctionName: 'ref:ForwarderFunction',
      EventSourceArn: 'arn:LogStream',
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: 'arn:StreamFailureQueue' } },
      ParallelizationFactor: choice === 'kinesisProvisioned' ? '2' : '1',
    });
    // Bounded: -1 (retry forever, keep records until they expire) is Lambda's default for both; the parameters
    // cannot say it.
    const parameters = template(choice).Parameters as Record<string, { MinValue: number }>;
    expect(parameters.KinesisMaximumRetryAttempts!.MinValue).toBeGreaterThanOrEqual(0);
    expect(parameters.KinesisMaximumRecordAgeSeconds!.MinValue).toBeGreaterThanOrEqual(60);
    expect(Number(props.MaximumRetryAttempts)).toBeGreaterThanOrEqual(0);
    expect(Number(props.MaximumRecordAgeInSeconds)).toBeGreaterThanOrEqual(60);
    expect(ofType(choice, 'AWS::SQS::Queue').map(([id]) => id)).toContain('StreamFailureQueue');
  });

  test('the role CloudWatch Logs assumes: only logs.amazonaws.com, for this account\'s logs, and only PutRecord on the stream', () => {
    const role = final(choice, resources().LogsToStreamRole!.Properties) as {
      AssumeRolePolicyDocument: { Statement: Json[] };
      Policies: Array<{ PolicyDocument: { Statement: Json[] } }>;
      ManagedPolicyArns?: unknown;
    };
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([{
      Effect: 'Allow',
      Principal: { Service: 'logs.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': PSEUDO['AWS::AccountId'] },
        ArnLike: { 'aws:SourceArn': 'arn:aws:logs:us-east-1:123456789012:*' },
      },
    }]);
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(role.Policies.flatMap((p) => p.PolicyDocument.Statement)).toEqual([
      { Sid: 'PutLogRecords', Effect: 'Allow', Action: 'kinesis:PutRecord', Resource: 'arn:LogStream' },
    ]);
  });

  test('the forwarder reads only this stream and writes only its failure queue; CloudWatch Logs may not invoke it', () => {
    const statements = (final(choice, resources().ForwarderRole!.Properties) as { Policies: Array<{ PolicyDocument: { Statement: Json[] } }> })
      .Policies.flatMap((p) => p.PolicyDocument.Statement);
    const kinesis = statements.filter((s) => [s.Action].flat().some((a) => String(a).startsWith('kinesis:')));
    expect(kinesis).toEqual([expect.objectContaining({ Resource: 'arn:LogStream' })]);
    expect(statements).toContainEqual(expect.objectContaining({ Action: 'sqs:SendMessage', Resource: 'arn:StreamFailureQueue' }));
    expect(resources().ForwarderLogsPermission).toBeUndefined();
    expect(ofType(choice, 'AWS::Lambda::Permission').filter(([, p]) => p.Properties.Principal === 'logs.amazonaws.com')).toEqual([]);
  });
});

test('the stream choices report where the stream and its failure queue are; the others do not', () => {
  expect(Object.keys(template('kinesisOnDemand').Outputs ?? {})).toEqual(expect.arrayContaining(['LogStreamArn', 'StreamFailureQueueUrl']));
  for (const choice of ['perLogGroup', 'accountPolicy'] as Choice[]) {
    expect(Object.keys(template(choice).Outputs ?? {})).not.toContain('LogStreamArn');
  }
});

test('a value CloudFormation would refuse is refused here too: an unknown source, a quote that would break out of the criteria', () => {
  const python = pythonWithTools();
  for (const assignment of ['LogSource=bogus', 'AccountPolicyExcludedLogGroups=/a"], "/b', 'KinesisParallelizationFactor=11']) {
    const out = run(python, ['test/template/resolve_choice.py', 'template.yaml', join(work, 'refused.json'), ...Object.entries(REQUIRED).map(([k, v]) => `${k}=${v}`), assignment]);
    expect({ assignment, status: out.status, said: /CloudFormation would refuse/.test(out.stderr) }).toEqual({ assignment, status: 1, said: true });
  }
});
