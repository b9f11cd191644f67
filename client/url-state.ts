/**
 * The view in the URL: `/env/<env>` for one env, `/?env=a&env=b` for several, and
 * `focus=<window>` for the focused pane. A link opens the same view.
 */
export interface UrlState {
  envs: string[];
  focus: string | null;
}

export function readUrl(loc: Location = location): UrlState {
  const params = new URLSearchParams(loc.search);
  const envs = params.getAll('env');
  const m = /^\/env\/([^/]+)\/?$/.exec(loc.pathname);
  if (m) envs.unshift(decodeURIComponent(m[1]!));
  return { envs: [...new Set(envs)], focus: params.get('focus') };
}

export function urlFor(s: UrlState): string {
  const params = new URLSearchParams();
  let path = '/';
  if (s.envs.length === 1) path = `/env/${encodeURIComponent(s.envs[0]!)}`;
  else for (const e of s.envs) params.append('env', e);
  if (s.focus) params.set('focus', s.focus);
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

export function writeUrl(s: UrlState): void {
  const url = urlFor(s);
  if (url !== location.pathname + location.search) history.replaceState(null, '', url);
}
