/**
 * Static checks of docker-compose.yml, the Dockerfile and .dockerignore: the local stack mirrors
 * the production contract (DESIGN.md, "Configuration"; reference/nest-practice.md, part C) and the
 * image runs node as a non-root user with signals delivered. No Docker engine needed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const ROOT = resolve(__dirname, '..', '..');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
const DOCKERFILE = join(ROOT, 'Dockerfile');
const DOCKERIGNORE = join(ROOT, '.dockerignore');

const MIGRATE_CLI = 'dist/libs/common/src/database/migrate.cli.js';
const MIGRATE_CLI_SOURCE = 'libs/common/src/database/migrate.cli.ts';
/** Each app service: its HTTP port and the variable that sets it. */
const APPS: Record<string, { port: number; env: 'PORT' | 'HEALTH_PORT' }> = {
  gateway: { port: 3000, env: 'PORT' },
  'customer-sync': { port: 3101, env: 'HEALTH_PORT' },
  'order-processing': { port: 3102, env: 'HEALTH_PORT' },
  'promo-loyalty': { port: 3103, env: 'HEALTH_PORT' },
  sandbox: { port: 3200, env: 'PORT' },
};
const DEMO_ONLY = ['sandbox'];
/** DESIGN.md, "Configuration", less PORT/HEALTH_PORT (per service). */
const REQUIRED_ENV = [
  'DATABASE_URL',
  'AMQP_URL',
  'PUBLIC_URL',
  'RETAILCRM_MODULE_CODE',
  'RETAILCRM_MODULE_SECRET',
  'SETTINGS_ENCRYPTION_KEY',
  'ALLOW_PRIVATE_URLS',
  'LOG_LEVEL',
];
/** How long the apps drain consumers and in-flight work after SIGTERM, plus a margin. */
const MIN_STOP_GRACE_SECONDS = 30;

type Condition = 'service_healthy' | 'service_completed_successfully' | 'service_started';

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; args?: Record<string, string> | string[] };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: Condition }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  ports?: (string | { target?: number; published?: number | string })[];
  profiles?: string[];
  restart?: string;
  stop_grace_period?: string;
  volumes?: (string | { target?: string })[];
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// docker-compose.yml helpers

const composeSource = readFileSync(COMPOSE_FILE, 'utf8');
/** As docker compose reads it: YAML merge keys (`<<: *app`) resolved. */
const compose = parse(composeSource, { merge: true }) as ComposeFile;
/** As written, merge keys kept, to check that the shared anchor is used. */
const composeRaw = parse(composeSource) as ComposeFile;

function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  const entries = Array.isArray(env)
    ? env.map((line) => [line.split('=')[0], line.includes('=') ? line.slice(line.indexOf('=') + 1) : ''])
    : Object.entries(env).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]);
  return Object.fromEntries(entries);
}

/** A value after compose interpolation with nothing set in the shell; `required` for `${X:?msg}`. */
function interpolate(value: string): { value: string; required: boolean } {
  let required = false;
  const out = value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, _braced: string | undefined, op: string | undefined, arg: string | undefined) => {
      if (match === '$$') return '$';
      if (op === ':?' || op === '?') {
        required = true;
        return '';
      }
      return op === ':-' || op === '-' ? (arg ?? '') : '';
    },
  );
  return { value: out, required };
}

function dependsOn(service: ComposeService): Record<string, Condition> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, 'service_started' as Condition]));
  return Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, v?.condition ?? 'service_started']));
}

function durationSeconds(duration: string | undefined): number {
  if (!duration) return 10; // compose's default
  let total = 0;
  for (const [, n, unit] of duration.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|ns)/g)) {
    total += Number(n) * ({ h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, ns: 1e-9 }[unit] ?? 0);
  }
  return total;
}

const commandLine = (command: string | string[] | undefined): string =>
  Array.isArray(command) ? command.join(' ') : (command ?? '');

/** Problems of one app service; empty when it follows the rules. */
function appServiceViolations(name: string, service: ComposeService | undefined): string[] {
  if (!service) return [`${name}: missing`];
  const problems: string[] = [];
  const { port, env: portVar } = APPS[name];
  const build = typeof service.build === 'string' ? { context: service.build } : service.build;
  const args = Array.isArray(build?.args)
    ? Object.fromEntries(build.args.map((a) => a.split('=') as [string, string]))
    : (build?.args ?? {});
  if (build?.context !== '.') problems.push(`${name}: build.context must be "."`);
  if ((build?.dockerfile ?? 'Dockerfile') !== 'Dockerfile')
    problems.push(`${name}: must build from the Dockerfile`);
  if (args.APP !== name) problems.push(`${name}: build.args.APP must be "${name}"`);

  const deps = dependsOn(service);
  if (deps.postgres !== 'service_healthy') problems.push(`${name}: depends_on postgres: service_healthy`);
  if (deps.rabbitmq !== 'service_healthy') problems.push(`${name}: depends_on rabbitmq: service_healthy`);
  if (deps.migrate !== 'service_completed_successfully') {
    problems.push(`${name}: depends_on migrate: service_completed_successfully`);
  }

  const env = environmentOf(service);
  if (env[portVar] !== String(port)) problems.push(`${name}: ${portVar} must be ${port}`);
  for (const key of REQUIRED_ENV) {
    const raw = env[key];
    if (raw === undefined) {
      problems.push(`${name}: ${key} is not set`);
      continue;
    }
    const { value, required } = interpolate(raw);
    if (!required && value === '') problems.push(`${name}: ${key} is empty unless set in the shell`);
    if (!required) problems.push(...envValueViolations(name, key, value));
  }

  const test = service.healthcheck?.test;
  const check = commandLine(test);
  if (!test || service.healthcheck?.disable) problems.push(`${name}: needs a healthcheck`);
  else if (!check.includes(`127.0.0.1:${port}/health/ready`)) {
    problems.push(`${name}: healthcheck must GET http://127.0.0.1:${port}/health/ready`);
  }
  if (durationSeconds(service.stop_grace_period) < MIN_STOP_GRACE_SECONDS) {
    problems.push(`${name}: stop_grace_period must be at least ${MIN_STOP_GRACE_SECONDS}s (consumers drain)`);
  }
  const demoOnly = DEMO_ONLY.includes(name);
  const profiles = service.profiles ?? [];
  if (demoOnly && JSON.stringify(profiles) !== JSON.stringify(['demo']))
    problems.push(`${name}: profiles must be [demo]`);
  if (!demoOnly && profiles.length > 0) problems.push(`${name}: must start without a profile`);
  return problems;
}

/** Values the apps refuse at boot (DESIGN.md, "Configuration"; the image runs NODE_ENV=production). */
function envValueViolations(service: string, key: string, value: string): string[] {
  const bad = (why: string): string[] => [`${service}: ${key}=${JSON.stringify(value)} ${why}`];
  switch (key) {
    case 'DATABASE_URL':
      return /^postgres(ql)?:\/\/[^@]+@postgres:5432\//.test(value)
        ? []
        : bad('must point at the postgres service');
    case 'AMQP_URL':
      return /^amqps?:\/\/[^@]+@rabbitmq(:\d+)?(\/|$)/.test(value)
        ? []
        : bad('must point at the rabbitmq service');
    case 'PUBLIC_URL':
      return /^https?:\/\/[^\s/]+/.test(value) ? [] : bad('must be an http(s) URL');
    case 'RETAILCRM_MODULE_CODE':
      return /^[a-z0-9-]{3,50}$/.test(value) ? [] : bad('must be 3-50 lowercase letters, digits or dashes');
    case 'RETAILCRM_MODULE_SECRET':
      return value.length >= 16 ? [] : bad('must be at least 16 characters');
    case 'SETTINGS_ENCRYPTION_KEY':
      return /^[0-9a-fA-F]{64}$/.test(value) ? [] : bad('must be 64 hex characters (32 bytes)');
    case 'ALLOW_PRIVATE_URLS':
      return /^(true|false)$/.test(value) ? [] : bad('must be true or false');
    case 'LOG_LEVEL':
      return ['fatal', 'error', 'warn', 'info', 'debug', 'trace'].includes(value)
        ? []
        : bad('is not a log level');
    default:
      return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Dockerfile helpers

interface Instruction {
  keyword: string;
  args: string;
}

interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** Instructions with line continuations joined and comments dropped, grouped by stage. */
function parseDockerfile(source: string): { globalArgs: Record<string, string>; stages: Stage[] } {
  const lines = source.split('\n').filter((line) => !/^\s*#/.test(line));
  const logical: string[] = [];
  let current = '';
  for (const line of lines) {
    if (/\\\s*$/.test(line)) current += line.replace(/\\\s*$/, ' ');
    else {
      logical.push((current + line).trim());
      current = '';
    }
  }
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const text of logical.filter(Boolean)) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/s.exec(text) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args: args.trim() };
    if (instruction.keyword === 'FROM') {
      const [, from, name] = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args) ?? [];
      stages.push({ from, name, instructions: [] });
    } else if (stages.length === 0 && instruction.keyword === 'ARG') {
      const [key, value = ''] = instruction.args.split('=');
      globalArgs[key] = value;
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

const dockerfile = parseDockerfile(readFileSync(DOCKERFILE, 'utf8'));

/** The image a stage finally starts from, following `FROM <earlier stage>` and global ARGs. */
function rootImage(stage: Stage): string {
  const from = stage.from.replace(/\$\{?(\w+)\}?/g, (_m, arg: string) => dockerfile.globalArgs[arg] ?? '');
  const parent = dockerfile.stages.find((s) => s.name === from);
  return parent && parent !== stage ? rootImage(parent) : from;
}

/** The instructions of a stage and of the stages it builds on, oldest first. */
function chain(stage: Stage): Instruction[] {
  const parent = dockerfile.stages.find((s) => s.name === stage.from);
  return parent && parent !== stage ? [...chain(parent), ...stage.instructions] : stage.instructions;
}

const stageNamed = (name: string): Stage | undefined => dockerfile.stages.find((s) => s.name === name);
const runs = (stage: Stage | undefined): string =>
  (stage?.instructions ?? [])
    .filter((i) => i.keyword === 'RUN')
    .map((i) => i.args)
    .join('\n');

/** Exec form: a JSON array of strings, so no shell sits between the runtime and the process. */
function execForm(args: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string')
      ? (parsed as string[])
      : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------

describe('docker-compose.yml', () => {
  it('defines the infrastructure, the migration, the apps and nothing else', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['postgres', 'rabbitmq', 'migrate', ...Object.keys(APPS)].sort(),
    );
  });

  it('runs Postgres 16 with pg_isready and a volume', () => {
    const pg = compose.services.postgres;
    expect(pg.image).toMatch(/^postgres:16(\b|$)/);
    expect(commandLine(pg.healthcheck?.test)).toMatch(/pg_isready/);
    const volumes = (pg.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':')[1] : v.target));
    expect(volumes).toContain('/var/lib/postgresql/data');
    expect(pg.profiles).toBeUndefined();
  });

  it('runs RabbitMQ 3.13 or 4.x with a rabbitmq-diagnostics ping healthcheck', () => {
    const mq = compose.services.rabbitmq;
    expect(mq.image).toMatch(/^rabbitmq:(3\.13|4)(\.\d+)*(-management)?(-alpine)?$/);
    expect(commandLine(mq.healthcheck?.test)).toMatch(/rabbitmq-diagnostics\s+(-q\s+)?ping/);
    expect(mq.profiles).toBeUndefined();
  });

  it('migrates once Postgres is healthy, with the CLI the image ships', () => {
    const migrate = compose.services.migrate;
    expect(commandLine(migrate.command)).toBe(`node ${MIGRATE_CLI}`);
    expect(existsSync(join(ROOT, MIGRATE_CLI_SOURCE))).toBe(true);
    expect(dependsOn(migrate).postgres).toBe('service_healthy');
    expect(migrate.restart ?? 'no').toBe('no');
    expect(migrate.profiles).toBeUndefined();
    expect(environmentOf(migrate).DATABASE_URL).toBe(environmentOf(compose.services.gateway).DATABASE_URL);
  });

  it('matches the database the app URLs point at', () => {
    const pg = environmentOf(compose.services.postgres);
    const url = new URL(interpolate(environmentOf(compose.services.gateway).DATABASE_URL).value);
    expect(url.pathname).toBe(`/${pg.POSTGRES_DB}`);
    expect(decodeURIComponent(url.password)).toBe(pg.POSTGRES_PASSWORD);
  });

  it.each(Object.keys(APPS))('%s: builds its app, waits for its dependencies, checks readiness', (name) => {
    expect(appServiceViolations(name, compose.services[name])).toEqual([]);
  });

  it('shares the app settings through the x-app anchor', () => {
    expect(compose['x-app']).toBeDefined();
    for (const name of [...Object.keys(APPS), 'migrate'])
      expect(Object.keys(composeRaw.services[name])).toContain('<<');
  });

  it('publishes the gateway on 3000 and uses distinct health ports', () => {
    const published = (compose.services.gateway.ports ?? []).map((p) =>
      typeof p === 'string' ? p.split(':').slice(-2).join(':') : `${p.published}:${p.target}`,
    );
    expect(published).toContain('3000:3000');
    const ports = Object.values(APPS).map((a) => a.port);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('fails the rules when a service breaks them', () => {
    const broken: ComposeService = structuredClone(compose.services['order-processing']);
    delete broken.healthcheck;
    broken.depends_on = { postgres: { condition: 'service_started' } };
    broken.profiles = ['demo'];
    broken.environment = {
      ...environmentOf(broken),
      SETTINGS_ENCRYPTION_KEY: 'short',
      AMQP_URL: undefined as never,
    };
    const problems = appServiceViolations('order-processing', broken).join('\n');
    expect(problems).toMatch(/needs a healthcheck/);
    expect(problems).toMatch(/depends_on postgres: service_healthy/);
    expect(problems).toMatch(/depends_on migrate: service_completed_successfully/);
    expect(problems).toMatch(/must start without a profile/);
    expect(problems).toMatch(/SETTINGS_ENCRYPTION_KEY="short" must be 64 hex/);
    expect(problems).toMatch(/AMQP_URL is empty unless set/);
    expect(interpolate('${KEY:?set KEY}')).toEqual({ value: '', required: true });
  });
});

describe('Dockerfile', () => {
  const final = dockerfile.stages.at(-1) as Stage;
  const finalChain = chain(final);
  const last = (keyword: string): Instruction | undefined =>
    finalChain.filter((i) => i.keyword === keyword).at(-1);

  it('builds every stage on node:22-bookworm-slim', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(3);
    for (const stage of dockerfile.stages) expect(rootImage(stage)).toBe('node:22-bookworm-slim');
  });

  it('compiles in a "build" stage and installs production dependencies in a "prod-deps" stage', () => {
    expect(runs(stageNamed('build'))).toMatch(/npm ci(?![^\n]*--omit)/);
    expect(runs(stageNamed('build'))).toMatch(/npm run build/);
    expect(runs(stageNamed('prod-deps'))).toMatch(/npm ci\b[^\n]*--omit=dev/);
  });

  it('ships only production node_modules and the compiled dist in the final stage', () => {
    const copies = final.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copies.some((c) => /--from=prod-deps\s+\S*node_modules/.test(c))).toBe(true);
    expect(copies.some((c) => /--from=build\s+\S*dist\b/.test(c))).toBe(true);
    expect(copies.some((c) => /--from=build\s+\S*node_modules/.test(c))).toBe(false);
  });

  it('runs in production mode, app chosen by ARG APP (default gateway)', () => {
    const envs = finalChain.filter((i) => i.keyword === 'ENV').map((i) => i.args);
    expect(envs.some((e) => /\bNODE_ENV[= ]production\b/.test(e))).toBe(true);
    expect(finalChain.some((i) => i.keyword === 'ARG' && i.args === 'APP=gateway')).toBe(true);
  });

  it('runs as a non-root user', () => {
    const user = last('USER')?.args.split(':')[0];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(['node', '1000']).toContain(user);
  });

  it('starts node with exec-form CMD/ENTRYPOINT so SIGTERM reaches it', () => {
    const cmd = execForm(last('CMD')?.args ?? '');
    expect(cmd).toBeDefined();
    const entrypoint = last('ENTRYPOINT');
    if (entrypoint) expect(execForm(entrypoint.args)).toBeDefined();
    const line = (cmd ?? []).join(' ');
    expect(line).toMatch(/dist\/apps\/\$\{?APP\}?\/src\/main\.js/);
    // A shell wrapper must exec node, or the shell would swallow the signal.
    if (cmd && ['sh', 'bash', '/bin/sh', '/bin/bash'].includes(cmd[0]))
      expect(cmd.at(-1)).toMatch(/^exec node /);
  });
});

describe('.dockerignore', () => {
  it('keeps dependencies, build output, git and local env files out of the build context', () => {
    const entries = readFileSync(DOCKERIGNORE, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const entry of ['node_modules', 'dist', '.git', '.env']) expect(entries).toContain(entry);
  });
});
