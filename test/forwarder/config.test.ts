import { inspect } from 'node:util';
import { ConfigError, DatadogSites, loadConfig, parseBaseUrl, parseSettings } from '../../forwarder/config.js';

const KEY = 'abcdef0123456789abcdef0123456789';
const base = { DD_API_KEY: KEY, AWS_REGION: 'eu-west-1' };

describe('parseSettings', () => {
  it('applies the defaults', () => {
    const settings = parseSettings({ AWS_REGION: 'eu-west-1' });
    expect(settings).toMatchObject({
      site: 'datadoghq.com',
      baseUrl: 'https://api.datadoghq.com',
      metricNaming: 'enhanced',
      metricPrefix: 'aws.lambda.enhanced',
      region: 'eu-west-1',
      ddTags: [],
      concurrency: 4,
    });
    expect(settings.retry.requestTimeoutMs).toBeGreaterThan(0);
  });

  it('PLATFORM_METRIC_NAMING picks the names and their prefix; METRIC_PREFIX replaces only the prefix', () => {
    expect(parseSettings({ AWS_REGION: 'x', PLATFORM_METRIC_NAMING: 'aws_lambda' })).toMatchObject({ metricNaming: 'aws_lambda', metricPrefix: 'aws.lambda' });
    expect(parseSettings({ AWS_REGION: 'x', PLATFORM_METRIC_NAMING: ' Enhanced ' })).toMatchObject({ metricNaming: 'enhanced', metricPrefix: 'aws.lambda.enhanced' });
    expect(parseSettings({ AWS_REGION: 'x', PLATFORM_METRIC_NAMING: 'aws_lambda', METRIC_PREFIX: 'acme.lambda' })).toMatchObject({ metricNaming: 'aws_lambda', metricPrefix: 'acme.lambda' });
    expect(() => parseSettings({ AWS_REGION: 'x', PLATFORM_METRIC_NAMING: 'datadog' })).toThrow(/PLATFORM_METRIC_NAMING "datadog" is not a naming; use enhanced or aws_lambda/);
  });

  it.each(DatadogSites)('accepts the site %s', (site) => {
    expect(parseSettings({ AWS_REGION: 'x', DD_SITE: site }).baseUrl).toBe(`https://api.${site}`);
  });

  it('rejects an unknown site, naming the valid ones', () => {
    expect(() => parseSettings({ AWS_REGION: 'x', DD_SITE: 'datadoghq.co' })).toThrow(ConfigError);
    expect(() => parseSettings({ AWS_REGION: 'x', DD_SITE: 'datadoghq.co' })).toThrow(/DD_SITE "datadoghq.co".*us5\.datadoghq\.com/);
  });

  it('reads DD_TAGS, METRIC_PREFIX and the tuning settings', () => {
    const settings = parseSettings({
      AWS_REGION: 'us-east-1',
      DD_TAGS: 'env:prod, Team:Payments',
      METRIC_PREFIX: 'acme.lambda',
      AWS_LAMBDA_FUNCTION_NAME: 'dd-forwarder',
      FORWARDER_CONCURRENCY: '8',
      FORWARDER_REQUEST_TIMEOUT_MS: '2500',
      FORWARDER_SAFETY_MARGIN_MS: '0',
      FORWARDER_MAX_ATTEMPTS: '3',
    });
    expect(settings.ddTags).toEqual(['env:prod', 'team:payments']);
    expect(settings).toMatchObject({ metricPrefix: 'acme.lambda', functionName: 'dd-forwarder', concurrency: 8 });
    expect(settings.retry).toMatchObject({ requestTimeoutMs: 2500, safetyMarginMs: 0, maxAttempts: 3 });
  });

  it.each([
    ['FORWARDER_CONCURRENCY', '0'],
    ['FORWARDER_CONCURRENCY', 'four'],
    ['FORWARDER_REQUEST_TIMEOUT_MS', '1.5'],
    ['FORWARDER_MAX_ATTEMPTS', '-1'],
    ['METRIC_PREFIX', '1bad'],
    ['METRIC_PREFIX', 'ends.'],
  ])('rejects %s=%s naming the setting', (name, value) => {
    expect(() => parseSettings({ AWS_REGION: 'x', [name]: value })).toThrow(new RegExp(name));
  });

  it('requires AWS_REGION', () => {
    expect(() => parseSettings({})).toThrow(/AWS_REGION/);
  });
});

describe('DD_URL', () => {
  it.each([
    ['http://127.0.0.1:8126', 'http://127.0.0.1:8126'],
    ['http://localhost:9000/', 'http://localhost:9000'],
    ['http://[::1]:9000', 'http://[::1]:9000'],
    ['https://dd.example.com/proxy/', 'https://dd.example.com/proxy'],
  ])('accepts %s', (text, expected) => {
    expect(parseBaseUrl(text)).toBe(expected);
    expect(parseSettings({ AWS_REGION: 'x', DD_URL: text }).baseUrl).toBe(expected);
  });

  it.each([
    ['http://dd.example.com', /http is allowed only to a loopback address/],
    ['http://10.0.0.1:8126', /loopback/],
    ['ftp://127.0.0.1', /https/],
    ['not a url', /not a valid URL/],
    ['https://user:secret@example.com', /credentials/],
  ])('refuses %s', (text, message) => {
    expect(() => parseBaseUrl(text)).toThrow(message);
  });

  it('never echoes a URL that might carry a secret', () => {
    let message = '';
    try {
      parseBaseUrl('https://user:supersecret@example.com');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toBe('');
    expect(message).not.toContain('supersecret');
  });
});

describe('loadConfig', () => {
  it('resolves the key but keeps it out of JSON, spreads and inspect', async () => {
    const config = await loadConfig(base);
    expect(config.apiKey).toBe(KEY);
    expect(JSON.stringify(config)).not.toContain(KEY);
    expect(inspect(config, { depth: 5 })).not.toContain(KEY);
    expect({ ...config }).not.toHaveProperty('apiKey');
  });

  it('refuses a key an HTTP header cannot carry, without quoting it', async () => {
    const bad = 'abc\ndef0123456789';
    const failure = loadConfig({ ...base, DD_API_KEY: bad });
    await expect(failure).rejects.toThrow(/HTTP header/);
    await failure.catch((error: Error) => expect(error.message).not.toContain('def0123456789'));
  });

  it('fails clearly without a key', async () => {
    await expect(loadConfig({ AWS_REGION: 'x' })).rejects.toThrow(/DD_API_KEY/);
  });

  it.each(['DD_SITE', 'DD_URL', 'FORWARDER_CONCURRENCY', 'FORWARDER_MAX_ATTEMPTS'])('never echoes a key pasted into %s', async (setting) => {
    const failure = loadConfig({ ...base, [setting]: KEY });
    await expect(failure).rejects.toThrow(ConfigError);
    await failure.catch((error: Error) => {
      expect(error.message).toContain(setting);
      expect(error.message).not.toContain(KEY);
    });
  });
});
