/**
 * The runboard trainer client: `createClient({ url, env })`, then `log`, `line`,
 * `text`, `image` (never blocking), `flush`, `close`, and env/window management.
 * Needs nothing beyond Node itself (node:http); wire types come from protocol/.
 */
export { createClient, RunboardClient, DEFAULT_URL } from './client.js';
export type { ClientOptions, ClientStats, ImageOptions, TextOptions } from './client.js';
export { encodePng, pngDataUrl } from './png.js';
export type { RawImage } from './png.js';
export { imageGrid } from './grid.js';
export type { GridOptions } from './grid.js';
export type { Op, VisdomBody } from './ops.js';
export type { SendResult, Transport } from './transport.js';
