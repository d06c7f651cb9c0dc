import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitForPort } from './services.js';

/**
 * A real nginx (Debian's package) for the cluster tests, run as a child process with its own
 * prefix, pid file, logs and temporary folders in a temp dir: nothing of the machine's nginx
 * configuration is read or written. Its site configuration is docs/deploy/nginx.conf, the file
 * docs/deploy.md shows, with only the machine-specific values swapped (substituteDeployConfig).
 */
export const DEPLOY_NGINX_CONF = fileURLToPath(new URL('../../docs/deploy/nginx.conf', import.meta.url));

/** The values an operator replaces in docs/deploy/nginx.conf, and what the test puts there. */
export type NginxValues = { nodes: [number, number]; http: number; https: number; dir: string };

/** Each documented value, exactly as written in the file, with its test value. */
export function deployReplacements(v: NginxValues): Array<[string, string]> {
  return [
    ['server 10.0.0.11:8080', `server 127.0.0.1:${v.nodes[0]}`],
    ['server 10.0.0.12:8080', `server 127.0.0.1:${v.nodes[1]}`],
    ['listen 80;', `listen 127.0.0.1:${v.http};`],
    ['listen 443 ssl http2;', `listen 127.0.0.1:${v.https} ssl http2;`],
    ['/etc/ssl/certs/rostrum.example.org.pem', join(v.dir, 'cert.pem')],
    ['/etc/ssl/private/rostrum.example.org.key', join(v.dir, 'key.pem')],
    ['/var/log/nginx/rostrum.access.log', join(v.dir, 'access.log')],
  ];
}

/** Replaces each documented value (each must be there); everything else stays as written. */
export function substituteDeployConfig(text: string, replacements: Array<[string, string]>): string {
  let out = text;
  for (const [from, to] of replacements) {
    if (!out.includes(from)) throw new Error(`docs/deploy/nginx.conf no longer has "${from}"`);
    out = out.split(from).join(to);
  }
  return out;
}

/** `openssl req`: a self-signed certificate for 127.0.0.1 and localhost, in dir/cert.pem and dir/key.pem. */
export function selfSignedCertificate(dir: string): Buffer {
  const res = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { encoding: 'utf8' },
  );
  if (res.status !== 0) throw new Error(`openssl failed: ${res.stderr}`);
  return readFileSync(join(dir, 'cert.pem'));
}

/**
 * The main configuration around the site file, as Debian's /etc/nginx/nginx.conf holds
 * conf.d/*.conf inside `http { }`; pid, logs and temp folders in the test's dir.
 */
function mainConfig(dir: string, site: string): string {
  const temp = (name: string) => {
    const path = join(dir, name);
    mkdirSync(path, { recursive: true });
    // As root, nginx's workers run as nobody: they write uploads' bodies here.
    chmodSync(path, 0o777);
    return path;
  };
  return `pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} info;
worker_processes 1;
events { worker_connections 512; }
http {
    client_body_temp_path ${temp('body')};
    proxy_temp_path ${temp('proxy')};
    fastcgi_temp_path ${temp('fastcgi')};
    uwsgi_temp_path ${temp('uwsgi')};
    scgi_temp_path ${temp('scgi')};
    include ${site};
}
`;
}

function nginxBinary(): string {
  for (const file of ['/usr/sbin/nginx', '/usr/bin/nginx']) {
    const res = spawnSync(file, ['-v']);
    if (res.status === 0) return file;
  }
  throw new Error('nginx not found: apt-get install -y nginx');
}

export type Nginx = { proc: ChildProcess; accessLog: string; test: { status: number | null; output: string } };

/** Writes the site file and the main file, runs `nginx -t` on them, then starts nginx in the foreground. */
export async function startNginx(dir: string, siteConfig: string, httpsPort: number): Promise<Nginx> {
  chmodSync(dir, 0o755);
  const site = join(dir, 'rostrum.conf');
  writeFileSync(site, siteConfig);
  const main = join(dir, 'nginx.conf');
  writeFileSync(main, mainConfig(dir, site));
  const bin = nginxBinary();
  const base = ['-p', dir, '-c', main, '-e', join(dir, 'error.log')];
  const check = spawnSync(bin, ['-t', ...base], { encoding: 'utf8' });
  const test = { status: check.status, output: `${check.stdout}${check.stderr}` };
  if (check.status !== 0) return { proc: spawn('true'), accessLog: join(dir, 'access.log'), test };
  const proc = spawn(bin, [...base, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForPort(httpsPort, 10_000);
  return { proc, accessLog: join(dir, 'access.log'), test };
}

export function stopNginx(n: Nginx): Promise<void> {
  if (n.proc.exitCode !== null || n.proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    n.proc.once('exit', () => resolve());
    n.proc.kill('SIGTERM');
  });
}
