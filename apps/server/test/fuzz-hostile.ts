import fc from 'fast-check';

// ---------------------------------------------------------------------------------------------
// Generators

/** Nested arrays or objects `depth` levels deep. */
function deep(depth: number, kind: 'array' | 'object'): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}

export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** An own "__proto__" (or other prototype) key, as JSON.parse makes it and a client sends it. */
export function withProtoKey(key: string, base: Record<string, unknown>): unknown {
  return JSON.parse(`{"${key}":{"polluted":true,"type":"meeting.close"},${JSON.stringify(base).slice(1)}`);
}

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.anything({
      maxDepth: 3,
      maxKeys: 6,
      withNullPrototype: true,
      withObjectString: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withSparseArray: true,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(
      null,
      undefined,
      NaN,
      Infinity,
      -Infinity,
      -0,
      1e308,
      2 ** 53 + 1,
      '',
      ' ',
      true,
      false,
      [],
      {},
      '__proto__',
      'constructor',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 120_000 }).map((n) => 'x'.repeat(n)) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 50, max: 800 }), fc.constantFrom<'array' | 'object'>('array', 'object'))
      .map(([d, k]) => deep(d, k)),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS).map((k) => withProtoKey(k, { a: 1 })) },
);
