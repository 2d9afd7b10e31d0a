/* global document, URLSearchParams */
/** Small helpers shared by the page's modules: the intake's JSON, query strings, and DOM elements. */

/** The intake's answer as JSON; a 404 is an answer too (`{"errors":[…]}`: no data for that metric). */
export async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok && response.status !== 404) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

export function withParams(path, params = {}) {
  const text = new URLSearchParams(params).toString();
  return text ? `${path}?${text}` : path;
}

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  for (const child of children) node.append(child);
  return node;
}
