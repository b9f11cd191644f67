/** Encoded image bytes from an event → an inline image the image panes show. */
export interface Picture {
  src: string;
  caption?: string;
}

function startsWith(b: Uint8Array, sig: number[]): boolean {
  return sig.every((v, i) => b[i] === v);
}

const FORMATS: [string, number[]][] = [
  ['png', [0x89, 0x50, 0x4e, 0x47]],
  ['jpeg', [0xff, 0xd8, 0xff]],
  ['gif', [0x47, 0x49, 0x46, 0x38]],
  ['webp', [0x52, 0x49, 0x46, 0x46]],
  ['bmp', [0x42, 0x4d]],
];

/** A data: URL for PNG, JPEG, GIF, WebP or BMP bytes; null for anything else. */
export function imageSource(bytes: Uint8Array): string | null {
  const format = FORMATS.find(([, sig]) => startsWith(bytes, sig));
  return format ? `data:image/${format[0]};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}` : null;
}
