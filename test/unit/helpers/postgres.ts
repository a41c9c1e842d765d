import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { closedPort } from './httpServer';

/** The folder holding initdb/pg_ctl: on PATH, or Debian's /usr/lib/postgresql/<version>/bin (newest). */
export function postgresBinDir(): string | null {
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return path.dirname(onPath);
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

/** Why PostgreSQL tests cannot run here, or null when they can. */
export function postgresUnavailable(): string | null {
  if (!postgresBinDir()) return "PostgreSQL binaries (initdb, pg_ctl) not found: install Debian's postgresql package to run the PostgreSQL store tests";
  if (process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres']).status !== 0 && spawnSync('id', ['-u', 'nobody']).status !== 0) {
    return 'running as root without a postgres or nobody user to run initdb as';
  }
  return null;
}

/**
 * A throwaway PostgreSQL server: `initdb` into a temporary folder and `pg_ctl start` on a free
 * loopback port, the socket in that folder. initdb refuses to run as root, so as root the server
 * runs as the `postgres` user (Debian's package creates it) or `nobody`, via runuser.
 */
export class TempPostgres {
  private dbs = 0;

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
    private readonly runAs: string | null,
  ) {}

  static async start(): Promise<TempPostgres> {
    const bin = postgresBinDir();
    if (!bin) throw new Error(postgresUnavailable() ?? 'no PostgreSQL');
    const runAs = process.getuid?.() === 0 ? (spawnSync('id', ['-u', 'postgres']).status === 0 ? 'postgres' : 'nobody') : null;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'practicum-pg-'));
    chmodSync(dir, 0o755);
    if (runAs) {
      const uid = Number(execFileSync('id', ['-u', runAs], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', runAs], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
    }
    const port = await closedPort();
    const pg = new TempPostgres(dir, port, bin, runAs);
    pg.run('initdb', ['-D', pg.dataDir, '-A', 'trust', '-U', 'practicum', '--no-sync', '-E', 'UTF8', '--locale=C']);
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
    pg.run('pg_ctl', ['-D', pg.dataDir, '-l', path.join(dir, 'server.log'), '-o', opts, '-w', '-t', '60', 'start']);
    return pg;
  }

  private get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  private run(cmd: string, args: string[]): void {
    const full = path.join(this.bin, cmd);
    const r = this.runAs
      ? spawnSync('runuser', ['-u', this.runAs, '--', full, ...args], { encoding: 'utf8', cwd: this.dir })
      : spawnSync(full, args, { encoding: 'utf8', cwd: this.dir });
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
  }

  /** The URL of the server's default database. */
  get adminUrl(): string {
    return `postgres://practicum@127.0.0.1:${this.port}/postgres`;
  }

  /** A new empty database on the server, by URL. */
  async createDatabase(): Promise<string> {
    const name = `t${++this.dbs}_${process.pid}`;
    const c = new Client({ connectionString: this.adminUrl });
    await c.connect();
    try {
      await c.query(`CREATE DATABASE ${name}`);
    } finally {
      await c.end();
    }
    return `postgres://practicum@127.0.0.1:${this.port}/${name}`;
  }

  stop(): void {
    try {
      this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
