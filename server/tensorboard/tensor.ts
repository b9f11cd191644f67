/**
 * TensorProto values as numbers or byte strings. A tensor carries its values either
 * in the typed repeated field of its dtype or packed little-endian in tensor_content.
 */
export interface TensorProto {
  dtype: number;
  tensor_shape?: { dim?: { size: number }[] };
  tensor_content?: Uint8Array;
  half_val?: number[];
  float_val?: number[];
  double_val?: number[];
  int_val?: number[];
  string_val?: Uint8Array[];
  int64_val?: number[];
  bool_val?: boolean[];
  uint32_val?: number[];
  uint64_val?: number[];
}

/** DataType enum values (types.proto). */
export const DT = {
  FLOAT: 1, DOUBLE: 2, INT32: 3, UINT8: 4, INT16: 5, INT8: 6, STRING: 7, INT64: 9, BOOL: 10,
  BFLOAT16: 14, UINT16: 17, HALF: 19, UINT32: 22, UINT64: 23,
} as const;

export function shapeOf(t: TensorProto): number[] {
  return (t.tensor_shape?.dim ?? []).map((d) => Number(d.size));
}

/** IEEE half (binary16) bits → number. */
function halfToNumber(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

function bfloatToNumber(b: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, (b & 0xffff) << 16);
  return view.getFloat32(0);
}

function fromContent(dtype: number, c: Uint8Array): number[] | null {
  const v = new DataView(c.buffer, c.byteOffset, c.byteLength);
  const read = (size: number, get: (o: number) => number): number[] =>
    Array.from({ length: Math.floor(c.byteLength / size) }, (_, i) => get(i * size));
  switch (dtype) {
    case DT.FLOAT: return read(4, (o) => v.getFloat32(o, true));
    case DT.DOUBLE: return read(8, (o) => v.getFloat64(o, true));
    case DT.INT32: return read(4, (o) => v.getInt32(o, true));
    case DT.UINT32: return read(4, (o) => v.getUint32(o, true));
    case DT.INT64: return read(8, (o) => Number(v.getBigInt64(o, true)));
    case DT.UINT64: return read(8, (o) => Number(v.getBigUint64(o, true)));
    case DT.INT16: return read(2, (o) => v.getInt16(o, true));
    case DT.UINT16: return read(2, (o) => v.getUint16(o, true));
    case DT.INT8: return read(1, (o) => v.getInt8(o));
    case DT.UINT8: case DT.BOOL: return read(1, (o) => v.getUint8(o));
    case DT.HALF: return read(2, (o) => halfToNumber(v.getUint16(o, true)));
    case DT.BFLOAT16: return read(2, (o) => bfloatToNumber(v.getUint16(o, true)));
    default: return null;
  }
}

/** The tensor's values as numbers (row-major), or null for a non-numeric dtype. */
export function tensorNumbers(t: TensorProto): number[] | null {
  if (t.tensor_content && t.tensor_content.byteLength > 0) return fromContent(t.dtype, t.tensor_content);
  switch (t.dtype) {
    case DT.FLOAT: return t.float_val ?? [];
    case DT.DOUBLE: return t.double_val ?? [];
    case DT.INT32: case DT.INT16: case DT.INT8: case DT.UINT8: case DT.UINT16: return t.int_val ?? [];
    case DT.INT64: return (t.int64_val ?? []).map(Number);
    case DT.UINT32: return t.uint32_val ?? [];
    case DT.UINT64: return (t.uint64_val ?? []).map(Number);
    case DT.BOOL: return (t.bool_val ?? []).map((b) => (b ? 1 : 0));
    case DT.HALF: return (t.half_val ?? []).map(halfToNumber);
    case DT.BFLOAT16: return (t.half_val ?? []).map(bfloatToNumber);
    default: return null;
  }
}

/** A string tensor's elements (row-major), as bytes. */
export function tensorStrings(t: TensorProto): Uint8Array[] {
  return t.dtype === DT.STRING ? (t.string_val ?? []) : [];
}
