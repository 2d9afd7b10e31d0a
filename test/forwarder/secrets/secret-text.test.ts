import { keyFromSecretText } from '../../../forwarder/secrets/secret-text.js';

describe('keyFromSecretText', () => {
  test.each([
    ['abc123', 'abc123'],
    ['  abc123\n', 'abc123'],
    ['{"DD_API_KEY":"abc123"}', 'abc123'],
    ['{"DD_API_KEY":" abc123 ","x":1}', 'abc123'],
  ])('%j → key %j', (text, key) => {
    expect(keyFromSecretText(text)).toEqual({ ok: true, key });
  });

  test.each([
    ['', 'is empty'],
    ['{"api_key":"abc"}', 'has no DD_API_KEY field'],
    ['{"DD_API_KEY":""}', 'empty or not a string'],
    ['{"DD_API_KEY":42}', 'empty or not a string'],
    ['{"DD_API_KEY":"abc"', 'not valid JSON'],
  ])('%j → problem "%s", never the text', (text, problem) => {
    const result = keyFromSecretText(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toContain(problem);
      expect(result.problem).not.toContain('abc');
    }
  });

  test('an inherited property is not a field', () => {
    expect(keyFromSecretText('{"__proto__":{"DD_API_KEY":"abc"}}').ok).toBe(false);
  });
});
