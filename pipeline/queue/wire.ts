/**
 * Job results as JSON that survives the trip exactly: NaN, ±Infinity and −0 (which JSON turns
 * into null or 0) and byte arrays (frames) are tagged, so a result read back from Redis equals
 * the one the worker computed.
 */
type Tagged = { $num: 'NaN' | 'Infinity' | '-Infinity' | '-0' } | { $b64: string };

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, key, v: unknown) {
    // The replacer sees Uint8Arrays before toJSON, as the holder's own property.
    const raw = (this as Record<string, unknown>)[key];
    if (raw instanceof Uint8Array)
      return { $b64: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64') } satisfies Tagged;
    if (typeof v === 'number') {
      if (Number.isNaN(v)) return { $num: 'NaN' } satisfies Tagged;
      if (v === Infinity) return { $num: 'Infinity' } satisfies Tagged;
      if (v === -Infinity) return { $num: '-Infinity' } satisfies Tagged;
      if (Object.is(v, -0)) return { $num: '-0' } satisfies Tagged;
    }
    return v;
  });
}

const NUMS: Record<string, number> = { NaN, Infinity, '-Infinity': -Infinity, '-0': -0 };

export function decodeWire<T = unknown>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 1 && typeof o.$num === 'string' && o.$num in NUMS) return NUMS[o.$num];
      if (keys.length === 1 && typeof o.$b64 === 'string') return new Uint8Array(Buffer.from(o.$b64, 'base64'));
    }
    return v;
  }) as T;
}
