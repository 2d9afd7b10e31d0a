/**
 * The API key inside a Secrets Manager secret's text: the text itself, or the DD_API_KEY field when the text is a JSON
 * object (the console's key/value editor stores that shape). Pure; `problem` completes "The secret named by X …"
 * and never quotes the secret.
 */
import { SECRET_JSON_FIELD } from './constants.js';

export type SecretTextResult = { ok: true; key: string } | { ok: false; problem: string };

export function keyFromSecretText(text: string): SecretTextResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, problem: 'is empty (or binary that is not text)' };
  if (!trimmed.startsWith('{')) return { ok: true, key: trimmed };

  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return { ok: false, problem: 'starts with "{" but is not valid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, problem: 'is JSON but not an object' };
  }
  if (!Object.hasOwn(parsed, SECRET_JSON_FIELD)) {
    return { ok: false, problem: `has no ${SECRET_JSON_FIELD} field` };
  }
  const field = (parsed as Record<string, unknown>)[SECRET_JSON_FIELD];
  if (typeof field !== 'string' || field.trim() === '') {
    return { ok: false, problem: `has a ${SECRET_JSON_FIELD} field that is empty or not a string` };
  }
  return { ok: true, key: field.trim() };
}
