/** Sets environment variables for a test file and puts every one back afterwards (process.env itself is kept). */
export function setEnv(values: Record<string, string | undefined>): () => void {
  const before = new Map(Object.keys(values).map((key) => [key, process.env[key]]));
  const apply = (entries: Iterable<[string, string | undefined]>) => {
    for (const [key, value] of entries) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(Object.entries(values));
  return () => apply(before);
}
