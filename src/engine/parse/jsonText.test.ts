import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonDropsKeys, jsonDuplicateKeys, jsonKeyBound, jsonKeyCount, valueKeyCount } from './jsonText';

describe('counting and finding JSON keys in the text', () => {
  it('counts the keys JSON.parse keeps, for any JSON value written any way', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 1, 2, '\t'), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        expect(jsonKeyCount(text)).toBe(valueKeyCount(JSON.parse(text)));
        expect(jsonKeyBound(text)).toBeGreaterThanOrEqual(jsonKeyCount(text));
        expect(jsonDropsKeys(text, JSON.parse(text))).toBe(false);
        expect(jsonDuplicateKeys(text)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('reads escapes, white space before a colon, and strings that hold quotes, colons and braces', () => {
    const text = '{"a\\"b" : "x\\\\", "c": ["\\":{", "::1"], "d\\\\": {"e":1}, "f"\n:\t"}"}';
    expect(jsonKeyCount(text)).toBe(5);
    expect(valueKeyCount(JSON.parse(text))).toBe(5);
    // The bound counts the colons after a quote: the key's, and the two inside strings ("\\":{" and "::1").
    expect(jsonKeyBound(text)).toBe(7);
    expect(jsonDropsKeys(text, JSON.parse(text))).toBe(false);
  });

  it('finds a repeated key even when strings full of quote-colons make the bound overcount', () => {
    const text = '{"a": "\\":", "b": ":", "a": 2}';
    expect(jsonKeyBound(text)).toBe(5);
    expect(jsonKeyCount(text)).toBe(3);
    expect(valueKeyCount(JSON.parse(text))).toBe(2);
    expect(jsonDropsKeys(text, JSON.parse(text))).toBe(true);
  });

  it('finds each repeated key with its path, where it is and where it was first', () => {
    const text = '{"items": [{"a": 1}, {"b": {"c": 1, "\\u0063": 2, "c": 3}}], "items": []}';
    const found = jsonDuplicateKeys(text);
    expect(found.map((d) => [d.full, text.slice(d.start, d.end), d.firstOffset])).toEqual([
      [['items', 1, 'b', 'c'], '"\\u0063"', text.indexOf('"c"')],
      [['items', 1, 'b', 'c'], '"c"', text.indexOf('"c"')],
      [['items'], '"items"', 1],
    ]);
    // JSON.parse kept the last "items" only: everything under the first one is gone from the values.
    expect(jsonKeyCount(text)).toBe(7);
    expect(valueKeyCount(JSON.parse(text))).toBe(1);
  });

  it('finds a key repeated in any object of a random value', () => {
    const objectWithKey = fc.dictionary(fc.string({ maxLength: 3 }), fc.jsonValue({ maxDepth: 2 }), {
      minKeys: 1,
    });
    fc.assert(
      fc.property(objectWithKey, fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }), (obj, before) => {
        const [key] = Object.keys(obj);
        const inner = JSON.stringify(obj);
        // The first key written again at the end of its object.
        const repeated = `${inner.slice(0, -1)},${JSON.stringify(key)}:0}`;
        const text = `[${[...before.map((v) => JSON.stringify(v)), repeated].join(',')}]`;
        // At least the repeated key is missing from the values (and whatever its first value held).
        expect(jsonKeyCount(text)).toBeGreaterThan(valueKeyCount(JSON.parse(text)));
        expect(jsonDropsKeys(text, JSON.parse(text))).toBe(true);
        const found = jsonDuplicateKeys(text);
        expect(found.map((d) => d.full)).toEqual([[before.length, key]]);
      }),
      { numRuns: 200 },
    );
  });
});
