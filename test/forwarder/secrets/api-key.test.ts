/**
 * API key resolution against moto (real Secrets Manager and SSM wire protocol) through Powertools Parameters.
 */
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ApiKeyError, resolveApiKey, type ApiKeySources } from '../../../forwarder/secrets/api-key.js';
import { awsClientConfig, startMoto, type Moto } from '../../support/moto.js';

const KEY = '0123456789abcdef0123456789abcdef';
let moto: Moto;
let secretsManager: SecretsManagerClient;
let ssm: SSMClient;

beforeAll(async () => {
  moto = await startMoto();
  secretsManager = new SecretsManagerClient(awsClientConfig(moto.endpoint));
  ssm = new SSMClient(awsClientConfig(moto.endpoint));
});
afterAll(async () => {
  await moto?.stop();
});

/** Fresh providers per test: Powertools caches per provider instance. */
function sources(): ApiKeySources {
  return {
    secrets: new SecretsProvider({ clientConfig: awsClientConfig(moto.endpoint) }),
    ssm: new SSMProvider({ clientConfig: awsClientConfig(moto.endpoint) }),
  };
}

async function createSecret(name: string, value: string): Promise<string> {
  const out = await secretsManager.send(new CreateSecretCommand({ Name: name, SecretString: value }));
  return out.ARN as string;
}

async function expectApiKeyError(promise: Promise<unknown>, mustSay: string, mustNotSay: string[]): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiKeyError);
  const message = (error as Error).message;
  expect(message).toContain(mustSay);
  for (const secret of mustNotSay) expect(message).not.toContain(secret);
}

describe('DD_API_KEY_SECRET_ARN (Secrets Manager)', () => {
  test('a plain-string secret is the key (surrounding whitespace dropped)', async () => {
    const arn = await createSecret('dd/plain', `  ${KEY}\n`);
    expect(await resolveApiKey({ DD_API_KEY_SECRET_ARN: arn }, sources())).toBe(KEY);
  });

  test('a JSON secret gives its DD_API_KEY field', async () => {
    const arn = await createSecret('dd/json', JSON.stringify({ DD_API_KEY: KEY, other: 'x' }));
    expect(await resolveApiKey({ DD_API_KEY_SECRET_ARN: arn }, sources())).toBe(KEY);
  });

  test('wins over DD_API_KEY_SSM_NAME and DD_API_KEY', async () => {
    const arn = await createSecret('dd/precedence', KEY);
    const env = { DD_API_KEY_SECRET_ARN: arn, DD_API_KEY_SSM_NAME: '/does/not/exist', DD_API_KEY: 'plain-key' };
    expect(await resolveApiKey(env, sources())).toBe(KEY);
  });

  test('JSON without a DD_API_KEY field: the error names the setting and the field, not the secret', async () => {
    const arn = await createSecret('dd/wrong-field', JSON.stringify({ api_key: 'SECRET-VALUE-123' }));
    await expectApiKeyError(
      resolveApiKey({ DD_API_KEY_SECRET_ARN: arn }, sources()),
      'The secret named by DD_API_KEY_SECRET_ARN has no DD_API_KEY field',
      ['SECRET-VALUE-123'],
    );
  });

  test('broken JSON: named, not quoted', async () => {
    const arn = await createSecret('dd/broken', '{"DD_API_KEY": "SECRET-VALUE-456"');
    await expectApiKeyError(resolveApiKey({ DD_API_KEY_SECRET_ARN: arn }, sources()), 'not valid JSON', ['SECRET-VALUE-456']);
  });

  test('a secret that does not exist: the error names the setting and the ARN', async () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:nope-AbCdEf';
    await expectApiKeyError(resolveApiKey({ DD_API_KEY_SECRET_ARN: arn }, sources()), `DD_API_KEY_SECRET_ARN (${arn})`, []);
  });

  test('the key is cached: a rotated secret is not re-read within the max age', async () => {
    const arn = await createSecret('dd/rotating', KEY);
    const cached = sources();
    expect(await resolveApiKey({ DD_API_KEY_SECRET_ARN: arn }, cached)).toBe(KEY);
    await secretsManager.send(new PutSecretValueCommand({ SecretId: arn, SecretString: 'f'.repeat(32) }));
    expect(await resolveApiKey({ DD_API_KEY_SECRET_ARN: arn }, cached)).toBe(KEY);
    // A new cold start (new provider) reads the new value: the rotation did happen in moto.
    expect(await resolveApiKey({ DD_API_KEY_SECRET_ARN: arn }, sources())).toBe('f'.repeat(32));
  });
});

describe('DD_API_KEY_SSM_NAME (SSM)', () => {
  test('a SecureString is read decrypted', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/dd/api-key', Value: KEY, Type: 'SecureString' }));
    // Guard: moto really does hand back something else without decryption, so this test can tell.
    const raw = await ssm.send(new GetParameterCommand({ Name: '/dd/api-key', WithDecryption: false }));
    expect(raw.Parameter?.Value).not.toBe(KEY);
    expect(await resolveApiKey({ DD_API_KEY_SSM_NAME: '/dd/api-key' }, sources())).toBe(KEY);
  });

  test('a missing parameter: the error names the setting', async () => {
    await expectApiKeyError(resolveApiKey({ DD_API_KEY_SSM_NAME: '/dd/missing' }, sources()), 'DD_API_KEY_SSM_NAME (/dd/missing)', []);
  });
});

describe('DD_API_KEY and nothing at all', () => {
  test('plain DD_API_KEY still works with the original one-argument call', async () => {
    expect(await resolveApiKey({ DD_API_KEY: ` ${KEY} ` })).toBe(KEY);
  });

  test('no setting: the error lists the three settings', async () => {
    await expectApiKeyError(resolveApiKey({ DD_API_KEY: '  ' }), 'DD_API_KEY_SECRET_ARN', []);
    await expect(resolveApiKey({})).rejects.toThrow(/DD_API_KEY_SSM_NAME.*DD_API_KEY/);
  });
});
