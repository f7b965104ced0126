/**
 * Static checks of the Kubernetes manifests under k8s/: every YAML document parses and matches
 * the Kubernetes schemas (kubernetes-models), the kustomizations reference exactly the files that
 * exist, and the base and the rendered overlays follow the project's production rules
 * (reference/nest-practice.md, part C). No cluster needed; `kubectl kustomize` is used too where
 * kubectl is installed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import * as k8sModels from 'kubernetes-models';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import { parseAllDocuments } from 'yaml';

const ROOT = resolve(__dirname, '..', '..');
const K8S_DIR = join(ROOT, 'k8s');
const BASE_DIR = join(K8S_DIR, 'base');
const OVERLAYS_DIR = join(K8S_DIR, 'overlays');

const PART_OF = 'retailcrm-mindbox';
/** The `http` port of each service: PORT for the gateway, HEALTH_PORT for the workers. */
const SERVICE_PORTS: Record<string, { port: number; env: 'PORT' | 'HEALTH_PORT' }> = {
  gateway: { port: 3000, env: 'PORT' },
  'customer-sync': { port: 3101, env: 'HEALTH_PORT' },
  'order-processing': { port: 3102, env: 'HEALTH_PORT' },
  'promo-loyalty': { port: 3103, env: 'HEALTH_PORT' },
};
const DEPLOYMENTS = Object.keys(SERVICE_PORTS).sort();
/** How long the apps drain consumers and in-flight work after SIGTERM. */
const DRAIN_SECONDS = 25;
const MIGRATE_CLI = 'dist/libs/common/src/database/migrate.cli.js';
/** DESIGN.md, "Configuration", less PORT/HEALTH_PORT (per Deployment). */
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
const SECRET_ENV = ['DATABASE_URL', 'AMQP_URL', 'RETAILCRM_MODULE_SECRET', 'SETTINGS_ENCRYPTION_KEY'];
/** Image tag of the base, which only an overlay may replace. */
const UNPINNED_TAG = 'set-by-overlay';
const CLUSTER_SCOPED_KINDS = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass']);

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

interface ImageOverride {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

interface Generator {
  name: string;
  behavior?: 'create' | 'merge' | 'replace';
  type?: string;
  literals?: string[];
  envs?: string[];
  files?: string[];
  options?: unknown;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  images?: ImageOverride[];
  replicas?: { name: string; count: number }[];
  patches?: { path?: string; patch?: string; target?: unknown }[];
  configMapGenerator?: Generator[];
  secretGenerator?: Generator[];
}

/** What the hand renderer understands; anything else must fail loudly, not be skipped. */
const SUPPORTED_KUSTOMIZATION_KEYS = new Set([
  'apiVersion',
  'kind',
  'namespace',
  'resources',
  'images',
  'replicas',
  'patches',
  'configMapGenerator',
  'secretGenerator',
]);

// ---------------------------------------------------------------------------------------------
// Files and parsing

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

const rel = (path: string): string => relative(ROOT, path);
const isYaml = (path: string): boolean => /\.ya?ml$/.test(path);
const isKustomization = (path: string): boolean => basename(path) === 'kustomization.yaml';

/** Every document of a YAML file as plain data; parse errors (duplicate keys too) throw. */
function parseYamlFile(path: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'));
  const list = Array.isArray(docs) ? docs : [];
  const errors = list.flatMap((doc) => doc.errors.map((e) => `${rel(path)}: ${e.message}`));
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return list.map((doc) => doc.toJS() as unknown).filter((doc) => doc !== null && doc !== undefined);
}

function asManifest(doc: unknown, where: string): Manifest {
  const m = doc as Partial<Manifest> | null;
  if (!m || typeof m !== 'object' || typeof m.apiVersion !== 'string' || typeof m.kind !== 'string') {
    throw new Error(`${where}: a document without apiVersion/kind`);
  }
  if (!m.metadata || typeof m.metadata.name !== 'string') throw new Error(`${where}: no metadata.name`);
  return m as Manifest;
}

function readKustomization(dir: string): Kustomization {
  const [doc] = parseYamlFile(join(dir, 'kustomization.yaml'));
  return (doc ?? {}) as Kustomization;
}

// ---------------------------------------------------------------------------------------------
// Schema validation with kubernetes-models

type ModelConstructor = new (data: unknown) => { validate(): void };

/** `networking.k8s.io` -> `networkingK8sIo`, the export name of an API group in kubernetes-models. */
const groupExport = (group: string): string =>
  group
    .split('.')
    .map((part, i) => (i === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('');

function modelFor(apiVersion: string, kind: string): ModelConstructor | undefined {
  const models = k8sModels as unknown as Record<string, Record<string, unknown> | undefined>;
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const versionModule = (group === '' ? models[version] : models[groupExport(group)]?.[version]) as
    Record<string, unknown> | undefined;
  const ctor = versionModule?.[kind];
  return typeof ctor === 'function' ? (ctor as ModelConstructor) : undefined;
}

/** Problems of one object against the schema of its apiVersion/kind; empty when valid. */
function schemaErrors(doc: Manifest, where: string): string[] {
  const Model = modelFor(doc.apiVersion, doc.kind);
  if (!Model) return [`${where}: no Kubernetes schema for ${doc.apiVersion} ${doc.kind}`];
  try {
    new Model(doc).validate();
    return [];
  } catch (error) {
    return [`${where}: ${(error as Error).message}`];
  }
}

// ---------------------------------------------------------------------------------------------
// A small kustomize renderer: resources, namespace, images, replicas, strategic-merge patches
// and ConfigMap/Secret generators (literals, envs). Enough for k8s/; anything else throws.

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Strategic merge as kustomize does it for our kinds: maps merge, lists of named items merge by name. */
function strategicMerge(target: unknown, patch: unknown): unknown {
  if (patch === null) return undefined;
  if (isObject(target) && isObject(patch)) {
    const out: Record<string, unknown> = { ...target };
    for (const [key, value] of Object.entries(patch)) {
      const merged = strategicMerge(target[key], value);
      if (merged === undefined) delete out[key];
      else out[key] = merged;
    }
    return out;
  }
  const named = (list: unknown[]): boolean => list.every((item) => isObject(item) && 'name' in item);
  if (Array.isArray(target) && Array.isArray(patch) && named(target) && named(patch)) {
    const out = [...target] as Record<string, unknown>[];
    for (const item of patch as Record<string, unknown>[]) {
      const i = out.findIndex((existing) => existing.name === item.name);
      if (i >= 0) out[i] = strategicMerge(out[i], item) as Record<string, unknown>;
      else out.push(item);
    }
    return out;
  }
  return structuredClone(patch);
}

function podTemplateOf(doc: Manifest): IPodTemplateSpec | undefined {
  const spec = doc.spec as {
    template?: IPodTemplateSpec;
    jobTemplate?: { spec?: { template?: IPodTemplateSpec } };
  };
  return spec?.template ?? spec?.jobTemplate?.spec?.template;
}

function containersOf(pod: IPodSpec | undefined): IContainer[] {
  return [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])];
}

function parseImage(image: string): { name: string; tag?: string; digest?: string } {
  const [withoutDigest, digest] = image.split('@');
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash
    ? { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest }
    : { name: withoutDigest, digest };
}

function applyImages(doc: Manifest, images: ImageOverride[]): void {
  for (const container of containersOf(podTemplateOf(doc)?.spec)) {
    const current = parseImage(container.image ?? '');
    const override = images.find((image) => image.name === current.name);
    if (!override) continue;
    const name = override.newName ?? current.name;
    if (override.digest) container.image = `${name}@${override.digest}`;
    else if (override.newTag) container.image = `${name}:${override.newTag}`;
    else container.image = current.tag ? `${name}:${current.tag}` : name;
  }
}

function readEnvFile(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

function generate(dir: string, kind: 'ConfigMap' | 'Secret', generator: Generator): Manifest {
  if (generator.files?.length) throw new Error(`hand renderer: ${kind} generator "files" is not supported`);
  const entries = [
    ...(generator.envs ?? []).flatMap((env) => readEnvFile(join(dir, env))),
    ...(generator.literals ?? []),
  ];
  const data = Object.fromEntries(
    entries.map((entry) => {
      const eq = entry.indexOf('=');
      if (eq <= 0) throw new Error(`${rel(dir)}: ${kind} generator entry without KEY=: ${entry}`);
      return [entry.slice(0, eq), entry.slice(eq + 1)];
    }),
  );
  const metadata = { name: generator.name };
  return kind === 'ConfigMap'
    ? { apiVersion: 'v1', kind, metadata, data }
    : { apiVersion: 'v1', kind, metadata, type: generator.type ?? 'Opaque', stringData: data };
}

/** A Secret's values as plain strings, whether written as data (base64) or stringData. */
function secretValues(secret: ISecret): Record<string, string> {
  const decoded = Object.entries(secret.data ?? {}).map(([k, v]) => [
    k,
    Buffer.from(v, 'base64').toString('utf8'),
  ]);
  return { ...Object.fromEntries(decoded), ...(secret.stringData ?? {}) };
}

function mergeGenerated(
  objects: Manifest[],
  generated: Manifest,
  behavior: Generator['behavior'],
  where: string,
): void {
  const i = objects.findIndex(
    (o) => o.kind === generated.kind && o.metadata.name === generated.metadata.name,
  );
  if ((behavior ?? 'create') === 'create') {
    if (i >= 0) throw new Error(`${where}: ${generated.kind} ${generated.metadata.name} already exists`);
    objects.push(generated);
    return;
  }
  if (i < 0)
    throw new Error(`${where}: ${behavior} of a missing ${generated.kind} ${generated.metadata.name}`);
  const base = objects[i];
  if (behavior === 'replace') {
    objects[i] = { ...generated, metadata: { ...base.metadata, ...generated.metadata } };
  } else if (generated.kind === 'ConfigMap') {
    objects[i] = { ...base, data: { ...(base.data as object), ...(generated.data as object) } };
  } else {
    const values = { ...secretValues(base as unknown as ISecret), ...(generated.stringData as object) };
    objects[i] = { ...base, data: undefined, stringData: values };
  }
}

/** Renders a kustomization directory by hand; the result is what `kubectl kustomize` would give, less name hashes. */
function renderKustomization(dir: string): Manifest[] {
  const k = readKustomization(dir);
  const where = rel(join(dir, 'kustomization.yaml'));
  const unsupported = Object.keys(k).filter((key) => !SUPPORTED_KUSTOMIZATION_KEYS.has(key));
  if (unsupported.length > 0) {
    throw new Error(`${where}: the hand renderer does not support ${unsupported.join(', ')}; extend it`);
  }
  const objects: Manifest[] = [];
  for (const entry of k.resources ?? []) {
    const path = resolve(dir, entry);
    if (statSync(path).isDirectory()) objects.push(...renderKustomization(path));
    else objects.push(...parseYamlFile(path).map((doc, i) => asManifest(doc, `${rel(path)}#${i}`)));
  }
  for (const generator of k.configMapGenerator ?? []) {
    mergeGenerated(objects, generate(dir, 'ConfigMap', generator), generator.behavior, where);
  }
  for (const generator of k.secretGenerator ?? []) {
    mergeGenerated(objects, generate(dir, 'Secret', generator), generator.behavior, where);
  }
  for (const patch of k.patches ?? []) {
    if (!patch.path || patch.target || patch.patch) {
      throw new Error(`${where}: the hand renderer supports only strategic-merge patches given by path`);
    }
    for (const [i, doc] of parseYamlFile(resolve(dir, patch.path)).entries()) {
      const p = asManifest(doc, `${rel(resolve(dir, patch.path))}#${i}`);
      const index = objects.findIndex((o) => o.kind === p.kind && o.metadata.name === p.metadata.name);
      if (index < 0)
        throw new Error(`${where}: patch ${patch.path} targets a missing ${p.kind} ${p.metadata.name}`);
      objects[index] = strategicMerge(objects[index], p) as Manifest;
    }
  }
  for (const { name, count } of k.replicas ?? []) {
    const target = objects.find((o) => o.metadata.name === name && o.kind === 'Deployment');
    if (!target) throw new Error(`${where}: replicas for a missing Deployment ${name}`);
    (target.spec as { replicas?: number }).replicas = count;
  }
  if (k.images) for (const object of objects) applyImages(object, k.images);
  if (k.namespace) {
    for (const object of objects) {
      if (!CLUSTER_SCOPED_KINDS.has(object.kind))
        object.metadata = { ...object.metadata, namespace: k.namespace };
    }
  }
  return structuredClone(objects);
}

function findKubectl(): string | undefined {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore', timeout: 20_000 });
    return 'kubectl';
  } catch {
    return undefined;
  }
}

function renderWithKubectl(kubectl: string, dir: string): Manifest[] {
  const out = execFileSync(kubectl, ['kustomize', dir], { encoding: 'utf8', timeout: 60_000 });
  const objects = parseAllDocuments(out).map((doc, i) =>
    asManifest(doc.toJS(), `kubectl kustomize ${rel(dir)}#${i}`),
  );
  // kustomize wraps long base64 values over several lines; the API server's decoder skips the
  // newlines, the schema's "byte" format does not.
  for (const secret of ofKind<ISecret>(objects, 'Secret')) {
    for (const [key, value] of Object.entries(secret.data ?? {}))
      secret.data![key] = value.replace(/\s+/g, '');
  }
  return objects;
}

// ---------------------------------------------------------------------------------------------
// Project rules

const ofKind = <T>(objects: Manifest[], kind: string): (Manifest & T)[] =>
  objects.filter((o) => o.kind === kind) as (Manifest & T)[];

const isSubset = (
  subset: Record<string, string> | undefined,
  of: Record<string, string> | undefined,
): boolean =>
  !!subset && Object.keys(subset).length > 0 && Object.entries(subset).every(([k, v]) => of?.[k] === v);

/** Seconds the preStop hook sleeps: the native sleep action or `exec: sleep N`; undefined when there is none. */
function preStopSeconds(container: IContainer): number | undefined {
  const preStop = container.lifecycle?.preStop;
  if (preStop?.sleep) return preStop.sleep.seconds;
  const command = preStop?.exec?.command?.join(' ') ?? '';
  const match = /(?:^|\s)sleep\s+(\d+)/.exec(command);
  return match ? Number(match[1]) : undefined;
}

/** Restricted pod security, probes aside: what every pod of ours (Deployments and the Job) needs. */
function podSecurityViolations(where: string, pod: IPodSpec | undefined): string[] {
  const problems: string[] = [];
  const podSc = pod?.securityContext;
  if (podSc?.runAsUser !== 1000) problems.push(`${where}: pod securityContext.runAsUser must be 1000`);
  const containers = containersOf(pod);
  if (containers.length === 0) problems.push(`${where}: no containers`);
  const tmpVolumes = new Set((pod?.volumes ?? []).filter((v) => v.emptyDir).map((v) => v.name));
  for (const c of containers) {
    const at = `${where} container ${c.name}`;
    const sc = c.securityContext;
    if ((sc?.runAsNonRoot ?? podSc?.runAsNonRoot) !== true) problems.push(`${at}: runAsNonRoot must be true`);
    if ((sc?.seccompProfile ?? podSc?.seccompProfile)?.type !== 'RuntimeDefault') {
      problems.push(`${at}: seccompProfile must be RuntimeDefault`);
    }
    if (sc?.allowPrivilegeEscalation !== false)
      problems.push(`${at}: allowPrivilegeEscalation must be false`);
    if (sc?.privileged) problems.push(`${at}: must not be privileged`);
    if (sc?.readOnlyRootFilesystem !== true) problems.push(`${at}: readOnlyRootFilesystem must be true`);
    if (!sc?.capabilities?.drop?.includes('ALL')) problems.push(`${at}: capabilities.drop must include ALL`);
    if (sc?.capabilities?.add?.length) problems.push(`${at}: must not add capabilities`);
    const tmp = c.volumeMounts?.find((m) => m.mountPath === '/tmp');
    if (!tmp || !tmpVolumes.has(tmp.name)) problems.push(`${at}: needs an emptyDir mounted at /tmp`);
    if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory) {
      problems.push(`${at}: resources.requests.cpu and .memory are required`);
    }
    if (!c.resources?.limits?.memory) problems.push(`${at}: resources.limits.memory is required`);
  }
  return problems;
}

/** envFrom must name the shared ConfigMap and Secret, and they must exist in the same set. */
function envViolations(where: string, pod: IPodSpec | undefined, objects: Manifest[]): string[] {
  const problems: string[] = [];
  const configMaps = ofKind<IConfigMap>(objects, 'ConfigMap');
  const secrets = ofKind<ISecret>(objects, 'Secret');
  for (const c of containersOf(pod)) {
    const at = `${where} container ${c.name}`;
    const cmNames = (c.envFrom ?? []).flatMap((e) => (e.configMapRef?.name ? [e.configMapRef.name] : []));
    const secretNames = (c.envFrom ?? []).flatMap((e) => (e.secretRef?.name ? [e.secretRef.name] : []));
    if (cmNames.length === 0) problems.push(`${at}: envFrom needs a configMapRef`);
    if (secretNames.length === 0) problems.push(`${at}: envFrom needs a secretRef`);
    const keys = new Set((c.env ?? []).map((e) => e.name));
    for (const name of cmNames) {
      const cm = configMaps.find((o) => o.metadata.name === name);
      if (!cm) problems.push(`${at}: envFrom names a missing ConfigMap ${name}`);
      Object.keys(cm?.data ?? {}).forEach((key) => keys.add(key));
    }
    for (const name of secretNames) {
      const secret = secrets.find((o) => o.metadata.name === name);
      if (!secret) problems.push(`${at}: envFrom names a missing Secret ${name}`);
      Object.keys(secret ? secretValues(secret) : {}).forEach((key) => keys.add(key));
    }
    const missing = REQUIRED_ENV.filter((key) => !keys.has(key));
    if (missing.length > 0) problems.push(`${at}: environment lacks ${missing.join(', ')}`);
  }
  return problems;
}

function deploymentViolations(d: Manifest & IDeployment, objects: Manifest[]): string[] {
  const name = d.metadata.name;
  const where = `Deployment ${name}`;
  const problems: string[] = [];
  const expected = SERVICE_PORTS[name];
  if (!expected) return [`${where}: not one of ${DEPLOYMENTS.join(', ')}`];
  const template = d.spec?.template;
  const pod = template?.spec;
  const podLabels = template?.metadata?.labels ?? {};

  for (const [labels, at] of [
    [d.metadata.labels, where],
    [podLabels, `${where} pod template`],
  ] as const) {
    if (labels?.['app.kubernetes.io/name'] !== name)
      problems.push(`${at}: label app.kubernetes.io/name must be ${name}`);
    if (labels?.['app.kubernetes.io/part-of'] !== PART_OF) {
      problems.push(`${at}: label app.kubernetes.io/part-of must be ${PART_OF}`);
    }
  }
  if (!isSubset(d.spec?.selector?.matchLabels, podLabels))
    problems.push(`${where}: selector does not match its pods`);

  const annotations = template?.metadata?.annotations ?? {};
  if (annotations['prometheus.io/scrape'] !== 'true')
    problems.push(`${where}: prometheus.io/scrape must be "true"`);
  if (annotations['prometheus.io/port'] !== String(expected.port)) {
    problems.push(`${where}: prometheus.io/port must be "${expected.port}"`);
  }
  if (annotations['prometheus.io/path'] !== '/metrics')
    problems.push(`${where}: prometheus.io/path must be /metrics`);

  const spread = pod?.topologySpreadConstraints ?? [];
  if (spread.length === 0) problems.push(`${where}: topologySpreadConstraints are required`);
  for (const constraint of spread) {
    if (!isSubset(constraint.labelSelector?.matchLabels, podLabels)) {
      problems.push(`${where}: topology spread on ${constraint.topologyKey} does not select its own pods`);
    }
  }

  problems.push(...podSecurityViolations(where, pod), ...envViolations(where, pod, objects));

  const containers = pod?.containers ?? [];
  if (containers.length !== 1) problems.push(`${where}: expected exactly one container`);
  for (const c of containers) {
    const at = `${where} container ${c.name}`;
    const http = c.ports?.find((p) => p.name === 'http');
    if (http?.containerPort !== expected.port) problems.push(`${at}: needs port "http" = ${expected.port}`);
    const portEnv = c.env?.find((e) => e.name === expected.env);
    if (portEnv?.value !== String(expected.port))
      problems.push(`${at}: env ${expected.env} must be "${expected.port}"`);
    for (const [probe, path] of [
      ['livenessProbe', '/health/live'],
      ['readinessProbe', '/health/ready'],
      ['startupProbe', '/health/live'],
    ] as const) {
      const get = c[probe]?.httpGet;
      if (get?.path !== path || get?.port !== 'http')
        problems.push(`${at}: ${probe} must GET ${path} on port "http"`);
    }
    const live = c.livenessProbe?.failureThreshold ?? 3;
    const ready = c.readinessProbe?.failureThreshold ?? 3;
    if (live <= ready) problems.push(`${at}: liveness failureThreshold must be higher than readiness'`);
    const sleep = preStopSeconds(c);
    if (sleep === undefined || sleep <= 0) {
      problems.push(`${at}: lifecycle.preStop must sleep`);
    } else {
      const grace = pod?.terminationGracePeriodSeconds ?? 30;
      if (grace <= sleep + DRAIN_SECONDS) {
        problems.push(
          `${at}: terminationGracePeriodSeconds ${grace} must exceed preStop ${sleep}s + drain ${DRAIN_SECONDS}s`,
        );
      }
    }
  }
  return problems;
}

function jobViolations(job: Manifest & IJob, objects: Manifest[]): string[] {
  const where = `Job ${job.metadata.name}`;
  const pod = job.spec?.template?.spec;
  const problems = [...podSecurityViolations(where, pod), ...envViolations(where, pod, objects)];
  if (typeof job.spec?.backoffLimit !== 'number') problems.push(`${where}: backoffLimit is required`);
  if (typeof job.spec?.ttlSecondsAfterFinished !== 'number')
    problems.push(`${where}: ttlSecondsAfterFinished is required`);
  if (!['Never', 'OnFailure'].includes(pod?.restartPolicy ?? ''))
    problems.push(`${where}: restartPolicy Never/OnFailure`);
  const line = (pod?.containers ?? []).map((c) => [...(c.command ?? []), ...(c.args ?? [])].join(' '));
  if (!line.some((cmd) => cmd === `node ${MIGRATE_CLI}`))
    problems.push(`${where}: must run node ${MIGRATE_CLI}`);
  if (job.metadata.labels?.['app.kubernetes.io/part-of'] !== PART_OF)
    problems.push(`${where}: part-of label`);
  return problems;
}

/** Every rule that holds for the base and for every rendered overlay. */
function ruleViolations(objects: Manifest[]): string[] {
  const problems: string[] = [];
  const deployments = ofKind<IDeployment>(objects, 'Deployment');
  const names = deployments.map((d) => d.metadata.name).sort();
  if (JSON.stringify(names) !== JSON.stringify(DEPLOYMENTS)) {
    problems.push(
      `Deployments are [${names.join(', ')}], expected [${DEPLOYMENTS.join(', ')}] (never the sandbox)`,
    );
  }
  for (const d of deployments) problems.push(...deploymentViolations(d, objects));

  const pdbs = ofKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget');
  for (const pdb of pdbs) {
    if (pdb.apiVersion !== 'policy/v1')
      problems.push(`PDB ${pdb.metadata.name}: apiVersion must be policy/v1`);
    if (pdb.spec?.minAvailable === undefined && pdb.spec?.maxUnavailable === undefined) {
      problems.push(`PDB ${pdb.metadata.name}: set minAvailable or maxUnavailable`);
    }
  }
  for (const d of deployments) {
    const podLabels = d.spec?.template?.metadata?.labels;
    const matching = pdbs.filter((pdb) => isSubset(pdb.spec?.selector?.matchLabels, podLabels));
    if (matching.length !== 1)
      problems.push(`Deployment ${d.metadata.name}: needs exactly one PDB selecting its pods`);
    for (const pdb of matching) {
      const others = deployments.filter(
        (o) => o !== d && isSubset(pdb.spec?.selector?.matchLabels, o.spec?.template?.metadata?.labels),
      );
      if (others.length > 0)
        problems.push(`PDB ${pdb.metadata.name}: also selects pods of other Deployments`);
    }
  }

  const gatewayPods = deployments.find((d) => d.metadata.name === 'gateway')?.spec?.template?.metadata
    ?.labels;
  const services = ofKind<IService>(objects, 'Service');
  const gatewayService = services.find((s) => isSubset(s.spec?.selector, gatewayPods));
  if (!gatewayService) problems.push('gateway: needs a Service selecting its pods');
  else {
    if ((gatewayService.spec?.type ?? 'ClusterIP') !== 'ClusterIP')
      problems.push('gateway Service: must be ClusterIP');
    const target = gatewayService.spec?.ports?.map((p) => p.targetPort);
    if (!target?.length || !target.every((t) => t === 'http' || t === SERVICE_PORTS.gateway.port)) {
      problems.push('gateway Service: ports must target "http"');
    }
  }
  const hpas = ofKind<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler');
  const hpa = hpas.find(
    (h) => h.spec?.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === 'gateway',
  );
  if (!hpa) problems.push('gateway: needs a HorizontalPodAutoscaler');
  else {
    if (hpa.apiVersion !== 'autoscaling/v2') problems.push('gateway HPA: apiVersion must be autoscaling/v2');
    if (!hpa.spec?.metrics?.some((m) => m.type === 'Resource' && m.resource?.name === 'cpu')) {
      problems.push('gateway HPA: must scale on CPU');
    }
    if ((hpa.spec?.minReplicas ?? 1) < 2) problems.push('gateway HPA: minReplicas must be at least 2');
    if (hpa.spec && hpa.spec.maxReplicas < (hpa.spec.minReplicas ?? 1))
      problems.push('gateway HPA: max < min');
  }
  for (const h of hpas) {
    if (h.spec && !names.includes(h.spec.scaleTargetRef.name))
      problems.push(`HPA ${h.metadata.name}: missing target`);
  }

  const jobs = ofKind<IJob>(objects, 'Job');
  if (jobs.length !== 1) problems.push(`expected one migration Job, found ${jobs.length}`);
  for (const job of jobs) problems.push(...jobViolations(job, objects));

  for (const cm of ofKind<IConfigMap>(objects, 'ConfigMap')) {
    const leaked = SECRET_ENV.filter((key) => key in (cm.data ?? {}));
    if (leaked.length > 0)
      problems.push(`ConfigMap ${cm.metadata.name}: ${leaked.join(', ')} belong in a Secret`);
  }
  for (const object of objects) {
    if (object.metadata.name.includes('sandbox'))
      problems.push(`${object.kind} ${object.metadata.name}: no sandbox`);
  }
  return problems;
}

/** Rules that only hold once an overlay has been applied. */
function overlayViolations(objects: Manifest[]): string[] {
  const problems: string[] = [];
  for (const object of objects) {
    const where = `${object.kind} ${object.metadata.name}`;
    if (!CLUSTER_SCOPED_KINDS.has(object.kind) && !object.metadata.namespace)
      problems.push(`${where}: no namespace`);
    for (const c of containersOf(podTemplateOf(object)?.spec)) {
      const image = parseImage(c.image ?? '');
      if (!image.digest && (!image.tag || image.tag === 'latest' || image.tag === UNPINNED_TAG)) {
        problems.push(`${where}: image ${c.image} is not pinned to a tag or digest`);
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

const allFiles = walk(K8S_DIR);
const yamlFiles = allFiles.filter(isYaml);
const kustomizationDirs = yamlFiles.filter(isKustomization).map(dirname);
const overlayDirs = kustomizationDirs.filter((dir) => dir.startsWith(OVERLAYS_DIR + '/'));
/** Files that kustomizations use as patches: partial objects, validated only once rendered. */
const patchFiles = new Set(
  kustomizationDirs.flatMap((dir) =>
    (readKustomization(dir).patches ?? []).flatMap((p) => (p.path ? [resolve(dir, p.path)] : [])),
  ),
);
const kubectl = findKubectl();

describe('k8s/ manifests', () => {
  it('has a base and at least one overlay', () => {
    expect(kustomizationDirs).toContain(BASE_DIR);
    expect(overlayDirs.length).toBeGreaterThan(0);
  });

  it('uses .yaml for every manifest and keeps nothing else but the README', () => {
    const others = allFiles.filter((f) => !isYaml(f) && f !== join(K8S_DIR, 'README.md')).map(rel);
    expect(others).toEqual([]);
    expect(yamlFiles.filter((f) => f.endsWith('.yml')).map(rel)).toEqual([]);
  });

  it.each(yamlFiles.map((f) => [rel(f), f]))('%s parses as YAML', (_name, file) => {
    expect(() => parseYamlFile(file)).not.toThrow();
  });

  it('validates every resource document against the Kubernetes schemas', () => {
    const resources = yamlFiles.filter((f) => !isKustomization(f) && !patchFiles.has(f));
    const errors = resources.flatMap((file) =>
      parseYamlFile(file).flatMap((doc, i) => {
        const where = `${rel(file)}#${i}`;
        try {
          return schemaErrors(asManifest(doc, where), where);
        } catch (error) {
          return [(error as Error).message];
        }
      }),
    );
    expect(errors).toEqual([]);
  });

  it('catches a schema error (the validator is not a no-op)', () => {
    const broken: Manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'broken' },
      spec: {
        selector: {},
        template: { spec: { containers: [{ name: 'x', ports: [{ containerPort: '80' }] }] } },
      },
    };
    expect(schemaErrors(broken, 'broken').join()).toMatch(/containerPort must be integer/);
    expect(schemaErrors({ ...broken, kind: 'Deploymnet' }, 'typo').join()).toMatch(/no Kubernetes schema/);
  });
});

describe.each(kustomizationDirs.map((dir) => [rel(dir), dir]))('kustomization %s', (_name, dir) => {
  const k = readKustomization(dir);

  it('is a kustomize.config.k8s.io/v1beta1 Kustomization', () => {
    expect(k.apiVersion).toBe('kustomize.config.k8s.io/v1beta1');
    expect(k.kind).toBe('Kustomization');
  });

  it('references only files and directories that exist', () => {
    const missing = (k.resources ?? []).filter((entry) => {
      const path = resolve(dir, entry);
      if (!existsSync(path)) return true;
      return statSync(path).isDirectory() && !existsSync(join(path, 'kustomization.yaml'));
    });
    const paths = [
      ...(k.patches ?? []).flatMap((p) => (p.path ? [p.path] : [])),
      ...[...(k.configMapGenerator ?? []), ...(k.secretGenerator ?? [])].flatMap((g) => [
        ...(g.envs ?? []),
        ...(g.files ?? []).map((f) => f.split('=').pop() ?? f),
      ]),
    ];
    expect([...missing, ...paths.filter((p) => !existsSync(resolve(dir, p)))]).toEqual([]);
  });

  it('lists every YAML file of its directory', () => {
    const used = new Set(
      [...(k.resources ?? []), ...(k.patches ?? []).flatMap((p) => (p.path ? [p.path] : []))].map((e) =>
        resolve(dir, e),
      ),
    );
    const unlisted = readdirSync(dir)
      .map((f) => join(dir, f))
      .filter((f) => isYaml(f) && !isKustomization(f) && !used.has(f));
    expect(unlisted.map(rel)).toEqual([]);
  });

  it('renders by hand (every resource, patch target, replica and generator resolves)', () => {
    expect(renderKustomization(dir).length).toBeGreaterThan(0);
  });
});

it('keeps every manifest in a directory with a kustomization', () => {
  const orphans = yamlFiles.filter((f) => !kustomizationDirs.includes(dirname(f)));
  expect(orphans.map(rel)).toEqual([]);
});

describe('k8s/base', () => {
  const objects = renderKustomization(BASE_DIR);

  it('follows the production rules', () => {
    expect(ruleViolations(objects)).toEqual([]);
  });

  it('marks the placeholder secrets clearly and leaves images to the overlays', () => {
    const secrets = ofKind<ISecret>(objects, 'Secret');
    expect(secrets).toHaveLength(1);
    const values = secretValues(secrets[0]);
    expect(Object.keys(values).sort()).toEqual([...SECRET_ENV].sort());
    for (const value of Object.values(values)) expect(value).toMatch(/CHANGE_ME/);
    for (const object of objects) {
      for (const c of containersOf(podTemplateOf(object)?.spec))
        expect(parseImage(c.image ?? '').tag).toBe(UNPINNED_TAG);
    }
  });

  it('fails the rules when a manifest breaks them', () => {
    const broken = structuredClone(objects);
    const gateway = ofKind<IDeployment>(broken, 'Deployment').find((d) => d.metadata.name === 'gateway');
    const pod = gateway?.spec?.template?.spec as IPodSpec;
    delete pod.containers[0].readinessProbe;
    delete pod.containers[0].resources?.limits;
    pod.containers[0].securityContext = {
      ...pod.containers[0].securityContext,
      readOnlyRootFilesystem: false,
    };
    pod.terminationGracePeriodSeconds = 20;
    const withoutPdb = broken.filter(
      (o) => !(o.kind === 'PodDisruptionBudget' && o.metadata.name === 'order-processing'),
    );
    const problems = ruleViolations(withoutPdb).join('\n');
    expect(problems).toMatch(/gateway container gateway: readinessProbe must GET \/health\/ready/);
    expect(problems).toMatch(/gateway container gateway: resources.limits.memory is required/);
    expect(problems).toMatch(/gateway container gateway: readOnlyRootFilesystem must be true/);
    expect(problems).toMatch(/terminationGracePeriodSeconds 20 must exceed preStop 5s/);
    expect(problems).toMatch(/Deployment order-processing: needs exactly one PDB/);
  });
});

describe.each(overlayDirs.map((dir) => [rel(dir), dir]))('overlay %s', (_name, dir) => {
  const k = readKustomization(dir);
  const rendered = renderKustomization(dir);

  it('sets a namespace and pins every base image', () => {
    expect(k.namespace).toBeTruthy();
    const baseImages = new Set(
      renderKustomization(BASE_DIR).flatMap((o) =>
        containersOf(podTemplateOf(o)?.spec).map((c) => parseImage(c.image ?? '').name),
      ),
    );
    const overridden = new Set((k.images ?? []).map((i) => i.name));
    expect([...baseImages].filter((name) => !overridden.has(name))).toEqual([]);
    expect([...overridden].filter((name) => !baseImages.has(name))).toEqual([]);
  });

  it('renders (by hand) to valid Kubernetes objects that follow the rules', () => {
    const errors = rendered.flatMap((o) => schemaErrors(o, `${o.kind} ${o.metadata.name}`));
    expect([...errors, ...ruleViolations(rendered), ...overlayViolations(rendered)]).toEqual([]);
  });

  (kubectl ? it : it.skip)('renders with `kubectl kustomize` to valid objects that follow the rules', () => {
    const objects = renderWithKubectl(kubectl as string, dir);
    const errors = objects.flatMap((o) => schemaErrors(o, `${o.kind} ${o.metadata.name}`));
    expect([...errors, ...ruleViolations(objects), ...overlayViolations(objects)]).toEqual([]);
    // The hand renderer, which the rules above also run on, must agree with kustomize itself.
    const normalize = (list: Manifest[]): Manifest[] =>
      list
        .map((o) =>
          o.kind === 'Secret' ? { ...o, data: undefined, stringData: secretValues(o as ISecret) } : o,
        )
        .map((o) => JSON.parse(JSON.stringify(o)) as Manifest)
        .sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));
    expect(normalize(rendered)).toEqual(normalize(objects));
  });
});
