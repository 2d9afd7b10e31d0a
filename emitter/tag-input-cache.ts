/**
 * Remembers what each raw tag input led to, so a call with tags costs a few map look-ups and no normalisation.
 *
 * The input is walked as a path through a tree of maps: for an object, key then value for each own property; for an
 * array, each string element. No key string is built per call, and the path is exact: two inputs share a leaf only
 * when they are the same tags in the same order. Inputs that differ but normalise alike (another order, other case)
 * get two leaves holding the same value. What normaliseTags ignores (null and undefined values, array elements that
 * are not strings) is skipped here too.
 */
interface Node<T> {
  value: T | undefined;
  children: Map<unknown, Node<T>> | undefined;
}

function newNode<T>(): Node<T> {
  return { value: undefined, children: undefined };
}

/** A value used as a map key: primitives as they are (200 and '200' are two keys, each normalising alike). */
function asKey(value: unknown): unknown {
  return typeof value === 'object' || typeof value === 'function' ? String(value) : value;
}

export class TagInputCache<T> {
  private arrays: Node<T> = newNode();
  private objects: Node<T> = newNode();

  get(input: object): T | undefined {
    return this.walk(input, false)?.value;
  }

  set(input: object, value: T): void {
    this.walk(input, true)!.value = value;
  }

  clear(): void {
    this.arrays = newNode();
    this.objects = newNode();
  }

  private walk(input: object, create: boolean): Node<T> | undefined {
    let node: Node<T> | undefined;
    if (Array.isArray(input)) {
      node = this.arrays;
      for (let i = 0; i < input.length && node !== undefined; i++) {
        const tag: unknown = input[i];
        if (typeof tag === 'string') node = step(node, tag, create);
      }
      return node;
    }
    node = this.objects;
    const record = input as Record<string, unknown>;
    for (const key in record) {
      const value = record[key];
      if (value === undefined || value === null || !Object.hasOwn(record, key)) continue;
      node = step(node, key, create);
      if (node === undefined) return undefined;
      node = step(node, asKey(value), create);
      if (node === undefined) return undefined;
    }
    return node;
  }
}

function step<T>(node: Node<T>, key: unknown, create: boolean): Node<T> | undefined {
  let child = node.children?.get(key);
  if (child === undefined && create) {
    child = newNode();
    (node.children ??= new Map()).set(key, child);
  }
  return child;
}
