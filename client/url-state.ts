/**
 * The view in the URL: `/env/<env>` for one env, `/?env=a&env=b` for several,
 * `focus=<window>` for the focused pane, `t=<ms>` for replay at that moment,
 * `compare=overlay|columns` and `align=relative` for the compare view; the runs
 * table: `runs=1`, its filter `rq=`, its sort `rsort=<col>` (`-<col>`: descending),
 * grouping `group=<keys or name:/re/>` and `band=std`. A link opens the same view.
 */
import type { BandKind } from '../protocol/index.js';
import type { Align } from './compare/match.js';
import type { Sort } from './runs/rows.js';

export type CompareMode = 'overlay' | 'columns';

export interface UrlState {
  envs: string[];
  focus: string | null;
  /** The replayed moment (ms since the epoch); null when live. */
  t: number | null;
  compare: CompareMode | null;
  align: Align;
  /** The dashboard-wide smoothing weight (0: off, left out of the URL). */
  smooth?: number;
  runs?: RunsUrl;
}

/** The runs table and grouping, as the URL keeps them. */
export interface RunsUrl {
  open: boolean;
  filter: string;
  sort: Sort | null;
  group: string;
  band: BandKind;
}

export function readRunsUrl(params: URLSearchParams): RunsUrl {
  const sort = params.get('rsort');
  return {
    open: params.get('runs') === '1',
    filter: params.get('rq') ?? '',
    sort: sort ? (sort.startsWith('-') ? { col: sort.slice(1), dir: -1 } : { col: sort, dir: 1 }) : null,
    group: params.get('group') ?? '',
    band: params.get('band') === 'std' ? 'std' : 'minmax',
  };
}

function writeRunsUrl(r: RunsUrl, params: URLSearchParams): void {
  if (r.open) params.set('runs', '1');
  if (r.filter) params.set('rq', r.filter);
  if (r.sort) params.set('rsort', `${r.sort.dir === -1 ? '-' : ''}${r.sort.col}`);
  if (r.group) params.set('group', r.group);
  if (r.group && r.band !== 'minmax') params.set('band', r.band);
}

export function readUrl(loc: Pick<Location, 'pathname' | 'search'> = location): UrlState {
  const params = new URLSearchParams(loc.search);
  const envs = params.getAll('env');
  const m = /^\/env\/([^/]+)\/?$/.exec(loc.pathname);
  if (m) envs.unshift(decodeURIComponent(m[1]!));
  const t = Number(params.get('t') ?? NaN);
  const compare = params.get('compare');
  return {
    envs: [...new Set(envs)],
    focus: params.get('focus'),
    t: Number.isFinite(t) ? t : null,
    compare: compare === 'overlay' || compare === 'columns' ? compare : null,
    align: params.get('align') === 'relative' ? 'relative' : 'step',
    runs: readRunsUrl(params),
  };
}

export function urlFor(s: UrlState): string {
  const params = new URLSearchParams();
  let path = '/';
  if (s.envs.length === 1) path = `/env/${encodeURIComponent(s.envs[0]!)}`;
  else for (const e of s.envs) params.append('env', e);
  if (s.focus) params.set('focus', s.focus);
  if (s.t !== null) params.set('t', String(Math.round(s.t)));
  if (s.compare) params.set('compare', s.compare);
  if (s.compare && s.align !== 'step') params.set('align', s.align);
  if (s.smooth) params.set('smooth', String(s.smooth));
  if (s.runs) writeRunsUrl(s.runs, params);
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

export function writeUrl(s: UrlState): void {
  const url = urlFor(s);
  if (url !== location.pathname + location.search) history.replaceState(null, '', url);
}
