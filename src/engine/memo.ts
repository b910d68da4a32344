/**
 * `compute` remembered per text: inputs repeat the same CIDRs, addresses and labels thousands of
 * times. Everything is forgotten once `limit` results are kept, so memory stays bounded.
 */
export function memoize<T extends object | string | null>(
  limit: number,
  compute: (text: string) => T,
): (text: string) => T {
  const memo = new Map<string, T>();
  return (text) => {
    let value = memo.get(text);
    if (value === undefined) {
      value = compute(text);
      if (memo.size >= limit) memo.clear();
      memo.set(text, value);
    }
    return value;
  };
}
