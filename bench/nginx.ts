/**
 * Runs Debian's nginx with deploy/nginx-runboard.conf in front of the given servers
 * (their ports and the listen port substituted), from a temp prefix, as an
 * unprivileged foreground child. Used by bench:cluster; the README shows the file.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TEMPLATE = fileURLToPath(new URL('../deploy/nginx-runboard.conf', import.meta.url));
export const NGINX = process.env.RUNBOARD_NGINX ?? '/usr/sbin/nginx';

export interface Nginx {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The template with its three upstream ports and its listen port replaced. */
export function renderConfig(upstreams: number[], listen: number): string {
  let text = readFileSync(TEMPLATE, 'utf8');
  const ports = ['8101', '8102', '8103'];
  for (const [i, p] of ports.entries()) {
    if (upstreams[i] === undefined) text = text.replace(new RegExp(`^ *server 127\\.0\\.0\\.1:${p}.*\\n`, 'gm'), '');
    else text = text.replaceAll(`127.0.0.1:${p}`, `127.0.0.1:${upstreams[i]}`);
  }
  return text.replace('listen 127.0.0.1:8097;', `listen 127.0.0.1:${listen};`);
}

export function hasNginx(): boolean {
  return spawnSync(NGINX, ['-v']).status === 0;
}

export async function startNginx(upstreams: number[], listen: number): Promise<Nginx> {
  const prefix = mkdtempSync(join(tmpdir(), 'runboard-nginx-'));
  for (const d of ['body', 'proxy']) mkdirSync(join(prefix, d));
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(conf, renderConfig(upstreams, listen));
  // As root, nginx's workers would switch to `nobody`, who cannot enter the temp prefix: they stay root here.
  const globals = `daemon off;${process.getuid?.() === 0 ? ' user root;' : ''}`;
  const child = spawn(NGINX, ['-p', prefix, '-c', conf, '-g', globals], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = `http://127.0.0.1:${listen}`;
  for (let i = 0; ; i++) {
    try {
      await fetch(`${url}/api/envs`);
      break;
    } catch {
      if (child.exitCode !== null || i > 100) throw new Error(`nginx did not start: ${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    child,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
