/** Sends a run's metadata change (`PATCH /api/env/:env`); every viewer gets it back over the socket. */
import type { RunMetaPatch } from '../../protocol/index.js';

/** Resolves to null when stored, else the server's message (what to fix). */
export async function patchRunMeta(env: string, patch: RunMetaPatch): Promise<string | null> {
  try {
    const res = await fetch(`/api/env/${encodeURIComponent(env)}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(patch),
    });
    if (res.ok) return null;
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    return body.message ?? `${res.status} ${res.statusText}`;
  } catch (e) {
    return (e as Error).message;
  }
}

/** "a, b ,c" → ["a", "b", "c"] (empty parts and repeats left out). */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim()).filter((t) => t !== ''))];
}
