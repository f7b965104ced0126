/**
 * The image without Docker: the Dockerfile's runtime stage assembled in a folder of its own as
 * its COPY lines say (production dependencies only, the built dist/, the two front-ends), then
 * the migration and every app started as the image's CMD starts them, with the image's ENV
 * (NODE_ENV=production) and docker-compose.yml's environment, its host names pointed at this
 * machine. It catches what the static checks of test/infra cannot: a runtime dependency left in
 * devDependencies, a file the image lacks, a compose variable a service refuses.
 *
 * Needs the build of `npm run test:e2e` and npm's cache (warm after `npm ci`).
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { rabbitmqctl } from '../messaging/messaging-harness';
import { databaseUrl, dropDatabase } from '../support/own-database';

const ROOT = resolve(__dirname, '..', '..');
const RUN = Math.random().toString(16).slice(2, 8);
const DATABASE = `retailcrm_mindbox_image_${RUN}`;
const VHOST = `image-e2e-${RUN}`;
/** This test's ports, in the order of the apps below. */
const FIRST_PORT = 4760;
const APPS = ['gateway', 'customer-sync', 'order-processing', 'promo-loyalty', 'sandbox'] as const;
type App = (typeof APPS)[number];

interface RuntimeStage {
  /** What the stage copies: a path of the image, and where it comes from. */
  copies: { to: string; from: 'context' | 'prod-deps' | 'build'; path: string }[];
  env: Record<string, string>;
  /** The command of the CMD line, `${APP}` still in it. */
  command: string;
}

/** Reads the Dockerfile's last stage; a line this test cannot reproduce fails it. */
function runtimeStage(dockerfile: string): RuntimeStage {
  const lines = dockerfile.replace(/\\\n/g, ' ').split('\n');
  const start = lines.findIndex((line) => /^FROM \S+ AS runtime$/.test(line.trim()));
  const stage: RuntimeStage = { copies: [], env: {}, command: '' };
  for (const line of lines.slice(start + 1).map((l) => l.trim())) {
    const copy = /^COPY (?:--from=(\S+) )?(\S+) (\S+)$/.exec(line);
    if (copy) {
      const [, from = 'context', source, target] = copy;
      const path = from === 'context' ? source : source.replace(/^\/app\//, '');
      if (!['context', 'prod-deps', 'build'].includes(from)) throw new Error(`unknown stage in: ${line}`);
      // `COPY package.json ./` puts the file into the folder under its own name.
      const to = target.endsWith('/') ? join(target, basename(path)) : target;
      stage.copies.push({ to: to.replace(/^\.\//, ''), from: from as 'context', path });
      continue;
    }
    const env = /^ENV (\w+)=(\S+)$/.exec(line);
    if (env) stage.env[env[1]] = env[2];
    const cmd = /^CMD \["sh", "-c", "exec (.+)"\]$/.exec(line);
    if (cmd) stage.command = cmd[1];
  }
  if (!stage.command) throw new Error('no CMD ["sh", "-c", "exec …"] in the runtime stage');
  return stage;
}

/** Lays the runtime stage out in `dir`. */
function assemble(stage: RuntimeStage, dir: string): void {
  for (const copy of stage.copies) {
    if (copy.from === 'prod-deps') {
      cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
      cpSync(join(ROOT, 'package-lock.json'), join(dir, 'package-lock.json'));
      // The prod-deps stage: `npm ci --omit=dev`, from npm's cache where it can.
      execFileSync('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], {
        cwd: dir,
        stdio: 'ignore',
        timeout: 240_000,
      });
      continue;
    }
    cpSync(join(ROOT, copy.path), join(dir, copy.to), { recursive: true });
  }
}

/** One app's environment in docker-compose.yml, `${VAR:-default}` read as its default. */
function composeEnvironment(app: App): Record<string, string> {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
  const env: Record<string, unknown> = compose.services[app].environment;
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, String(value).replace(/\$\{\w+:-([^}]*)\}/g, '$1')]),
  );
}

const portOf = (app: App): number => FIRST_PORT + APPS.indexOf(app);

/** Compose's names of the other containers, as this machine reaches them. */
function onThisMachine(env: Record<string, string>, app: App): Record<string, string> {
  const amqp = new URL(process.env.AMQP_URL as string);
  amqp.pathname = `/${VHOST}`;
  const local: Record<string, string> = {
    ...env,
    DATABASE_URL: databaseUrl(DATABASE),
    AMQP_URL: amqp.toString(),
    LOG_LEVEL: 'warn',
  };
  for (const [key, value] of Object.entries(local)) {
    local[key] = value
      .replace('http://gateway:3000', `http://127.0.0.1:${portOf('gateway')}`)
      .replace('http://sandbox:3200', `http://127.0.0.1:${portOf('sandbox')}`);
  }
  if ('PORT' in local) local.PORT = String(portOf(app));
  if ('HEALTH_PORT' in local) local.HEALTH_PORT = String(portOf(app));
  return local;
}

async function status(url: string): Promise<number> {
  try {
    return (await fetch(url)).status;
  } catch {
    return 0;
  }
}

describe('the runtime image, assembled without Docker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'runtime-image-'));
  const running: ChildProcess[] = [];
  const output: string[] = [];
  let stage: RuntimeStage;

  beforeAll(() => {
    stage = runtimeStage(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
    assemble(stage, dir);
    rabbitmqctl('add_vhost', VHOST);
    rabbitmqctl(
      'set_permissions',
      '-p',
      VHOST,
      new URL(process.env.AMQP_URL as string).username,
      '.*',
      '.*',
      '.*',
    );
  }, 300_000);

  afterAll(async () => {
    for (const child of running) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    try {
      rabbitmqctl('delete_vhost', VHOST);
    } catch {
      // never created: the set-up failed before
    }
    await dropDatabase(DATABASE);
  });

  it('holds production dependencies only, and the files the apps read', () => {
    expect(stage.env.NODE_ENV).toBe('production');
    expect(stage.copies.map((copy) => copy.to)).toEqual(
      expect.arrayContaining(['node_modules', 'dist', 'apps/gateway/ui/dist', 'apps/order-card/dist']),
    );
    const devOnly = Object.keys(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies);
    const installed = execFileSync('npm', ['ls', '--omit=dev', '--depth=0', '--json'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const top = Object.keys(JSON.parse(installed).dependencies ?? {});
    expect(top.filter((name) => devOnly.includes(name))).toEqual([]);
  });

  it('migrates, then runs every app as compose configures it, ready with live, ready and metrics', async () => {
    const base = { PATH: process.env.PATH ?? '', ...stage.env };
    execFileSync('node', ['dist/libs/common/src/database/migrate.cli.js'], {
      cwd: dir,
      env: { ...base, ...onThisMachine(composeEnvironment('gateway'), 'gateway') },
      stdio: 'ignore',
      timeout: 60_000,
    });
    for (const app of APPS) {
      const [program, ...args] = stage.command.replace('${APP}', app).split(' ');
      const child = spawn(program, args, {
        cwd: dir,
        env: { ...base, APP: app, ...onThisMachine(composeEnvironment(app), app) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (chunk: Buffer) => output.push(`${app}: ${chunk}`));
      child.stderr!.on('data', (chunk: Buffer) => output.push(`${app}: ${chunk}`));
      running.push(child);
    }

    const deadline = Date.now() + 60_000;
    for (const app of APPS) {
      const url = `http://127.0.0.1:${portOf(app)}`;
      while ((await status(`${url}/health/ready`)) !== 200) {
        if (Date.now() > deadline) throw new Error(`${app} not ready:\n${output.join('').slice(-3000)}`);
        await sleep(250);
      }
      expect(await status(`${url}/health/live`)).toBe(200);
      expect(await status(`${url}/metrics`)).toBe(200);
    }
    // The front-ends the gateway serves from the copied dist folders.
    const gateway = `http://127.0.0.1:${portOf('gateway')}`;
    expect(await status(`${gateway}/embed/order-card.js`)).toBe(200);
    // The sandbox seeded its demo shop, as compose asks.
    const sites = await fetch(`http://127.0.0.1:${portOf('sandbox')}/crm/demo/api/v5/reference/sites`, {
      headers: { 'X-API-KEY': 'demo-retailcrm-key' },
    });
    expect(sites.status).toBe(200);
  }, 120_000);
});
