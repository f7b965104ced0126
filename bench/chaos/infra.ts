/**
 * The suite's own RabbitMQ node and Postgres cluster, so that stopping and restarting them never
 * touches the machine's shared broker (5672) and database (5432).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const RABBIT_PORT = 5680;
const RABBIT_DIST_PORT = 25680;
const RABBIT_NODE = 'chaos@localhost';
const RABBIT_DIR = '/tmp/chaos-rabbit';
export const POSTGRES_PORT = 5440;
const POSTGRES_DIR = '/tmp/chaos-pg';

export const AMQP_URL = `amqp://guest:guest@127.0.0.1:${RABBIT_PORT}`;
export const DATABASE_URL = `postgres://postgres@127.0.0.1:${POSTGRES_PORT}/retailcrm_mindbox_chaos`;

/** Runs a command without blocking the event loop (the load keeps flowing while a fault is made). */
function run(command: string, args: string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(command, args, { encoding: 'utf8', timeout: timeoutMs }, (error, stdout, stderr) =>
      error ? reject(new Error(`${command} ${args.join(' ')}: ${error.message} ${stderr}`)) : resolve(stdout),
    ),
  );
}

/** Runs a RabbitMQ tool as the rabbitmq user (whose home holds the Erlang cookie) against our node only. */
function rabbit(
  tool: 'rabbitmq-server' | 'rabbitmqctl',
  args: string[],
  timeoutMs?: number,
): Promise<string> {
  const env = [
    'HOME=/var/lib/rabbitmq',
    `RABBITMQ_CONF_ENV_FILE=${RABBIT_DIR}/rabbitmq-env.conf`,
    `RABBITMQ_NODENAME=${RABBIT_NODE}`,
    `RABBITMQ_NODE_PORT=${RABBIT_PORT}`,
    `RABBITMQ_DIST_PORT=${RABBIT_DIST_PORT}`,
    `RABBITMQ_MNESIA_BASE=${RABBIT_DIR}/mnesia`,
    `RABBITMQ_LOG_BASE=${RABBIT_DIR}/log`,
    `RABBITMQ_CONFIG_FILE=${RABBIT_DIR}/rabbitmq.conf`,
    `RABBITMQ_ENABLED_PLUGINS_FILE=${RABBIT_DIR}/enabled_plugins`,
    'ERL_EPMD_ADDRESS=127.0.0.1',
    // The CLI's own distribution port, inside the suite's range rather than the shared 35672-35682.
    'RABBITMQ_CTL_DIST_PORT_MIN=4780',
    'RABBITMQ_CTL_DIST_PORT_MAX=4799',
    'RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}',
  ];
  const extra = tool === 'rabbitmqctl' ? ['-n', RABBIT_NODE] : [];
  const argv = ['-u', 'rabbitmq', '--', 'env', ...env, `/usr/lib/rabbitmq/bin/${tool}`, ...extra, ...args];
  if (tool === 'rabbitmqctl') return run('runuser', argv, timeoutMs);
  // The detached server keeps inherited pipes open: give it none, and wait for the launcher only.
  return new Promise((resolve, reject) => {
    const child = spawn('runuser', argv, { stdio: 'ignore', cwd: RABBIT_DIR });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve('') : reject(new Error(`rabbitmq-server exited with ${code}`)),
    );
  });
}

async function portFree(port: number): Promise<boolean> {
  const listening = await run('ss', ['-ltnH']);
  return !new RegExp(`:${port}\\s`).test(listening);
}

export const rabbitmq = {
  async start(): Promise<void> {
    for (const port of [RABBIT_PORT, RABBIT_DIST_PORT])
      if (!(await portFree(port)))
        throw new Error(`port ${port} is taken: is a previous chaos node still running?`);
    rmSync(RABBIT_DIR, { recursive: true, force: true });
    mkdirSync(join(RABBIT_DIR, 'mnesia'), { recursive: true });
    mkdirSync(join(RABBIT_DIR, 'log'), { recursive: true });
    // No plugins (the management plugin would take the shared node's 15672) and our own listener.
    writeFileSync(join(RABBIT_DIR, 'enabled_plugins'), '[].\n');
    writeFileSync(join(RABBIT_DIR, 'rabbitmq.conf'), `listeners.tcp.local = 127.0.0.1:${RABBIT_PORT}\n`);
    writeFileSync(join(RABBIT_DIR, 'rabbitmq-env.conf'), '');
    await run('chown', ['-R', 'rabbitmq:rabbitmq', RABBIT_DIR]);
    await rabbit('rabbitmq-server', ['-detached']);
    // The detached node registers with epmd a few seconds after the launcher returns.
    const deadline = Date.now() + 90_000;
    for (;;) {
      try {
        await rabbit('rabbitmqctl', ['ping'], 30_000);
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(1_000);
      }
    }
    await rabbit('rabbitmqctl', ['await_startup', '--timeout', '90']);
  },
  async stopApp(): Promise<void> {
    await rabbit('rabbitmqctl', ['stop_app']);
  },
  async startApp(): Promise<void> {
    await rabbit('rabbitmqctl', ['start_app']);
    await rabbit('rabbitmqctl', ['await_startup', '--timeout', '90']);
  },
  async stop(): Promise<void> {
    try {
      await rabbit('rabbitmqctl', ['stop'], 60_000);
    } catch {
      // not running
    }
  },
};

function postgresBin(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  const bin = versions
    .map((v) => join('/usr/lib/postgresql', v, 'bin'))
    .find((dir) => existsSync(join(dir, 'pg_ctl')));
  if (!bin) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql');
  return bin;
}

function pgCtl(args: string[]): Promise<string> {
  return run('runuser', [
    '-u',
    'postgres',
    '--',
    join(postgresBin(), 'pg_ctl'),
    '-D',
    join(POSTGRES_DIR, 'data'),
    '-l',
    join(POSTGRES_DIR, 'log'),
    '-o',
    `-p ${POSTGRES_PORT} -k ${POSTGRES_DIR} -c listen_addresses=127.0.0.1 -c max_connections=200`,
    '-w',
    ...args,
  ]);
}

export const postgres = {
  async start(): Promise<void> {
    if (!(await portFree(POSTGRES_PORT)))
      throw new Error(`port ${POSTGRES_PORT} is taken: is a previous chaos cluster still running?`);
    rmSync(POSTGRES_DIR, { recursive: true, force: true });
    mkdirSync(POSTGRES_DIR, { recursive: true });
    await run('chown', ['postgres:postgres', POSTGRES_DIR]);
    await run('runuser', [
      '-u',
      'postgres',
      '--',
      join(postgresBin(), 'initdb'),
      '-D',
      join(POSTGRES_DIR, 'data'),
      '-A',
      'trust',
      '-U',
      'postgres',
    ]);
    await pgCtl(['start']);
  },
  /** A fast restart: open connections are cut, as when the database fails over. */
  async restart(): Promise<void> {
    await pgCtl(['-m', 'fast', 'restart']);
  },
  async stop(): Promise<void> {
    try {
      await pgCtl(['-m', 'fast', 'stop']);
    } catch {
      // not running
    }
  },
};
