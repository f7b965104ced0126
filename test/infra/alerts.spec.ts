import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

// The alert rules of docs/prometheus-alerts.yaml name only metrics and labels the services
// export, and each alert has its section in the runbook.

const ROOT = resolve(__dirname, '..', '..');
/** PromQL words that are not metric names. */
const PROMQL = new Set([
  'sum',
  'max',
  'min',
  'avg',
  'rate',
  'increase',
  'histogram_quantile',
  'by',
  'without',
  'and',
  'or',
  'unless',
]);

interface Rule {
  alert: string;
  expr: string;
  labels: { severity: string };
  annotations: { summary: string };
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'ui' ? [] : sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Metric name -> label names, from the `new Counter|Gauge|Histogram({name, labelNames})` of the code. */
function exportedMetrics(): Map<string, string[]> {
  const metrics = new Map<string, string[]>();
  const definition = /name:\s*'([a-z_]+)',\s*help:([^]*?)\}\)/g;
  for (const file of [...sources(join(ROOT, 'apps')), ...sources(join(ROOT, 'libs'))]) {
    const text = readFileSync(file, 'utf8');
    if (!/new (Counter|Gauge|Histogram|Summary)\b/.test(text)) continue;
    for (const match of text.matchAll(definition)) {
      const list = /labelNames:\s*\[([^\]]*)\]/.exec(match[2])?.[1] ?? '';
      const labels = list
        .split(',')
        .map((l) => l.trim().replace(/'/g, ''))
        .filter(Boolean);
      metrics.set(match[1], labels);
    }
  }
  return metrics;
}

describe('docs/prometheus-alerts.yaml', () => {
  const rules: Rule[] = parse(
    readFileSync(join(ROOT, 'docs', 'prometheus-alerts.yaml'), 'utf8'),
  ).groups.flatMap((group: { rules: Rule[] }) => group.rules);
  const metrics = exportedMetrics();
  const runbook = readFileSync(join(ROOT, 'docs', 'runbook.md'), 'utf8');

  it('finds the metrics of the code', () => {
    expect(metrics.get('messages_dead_lettered_total')).toEqual(['queue']);
    expect(metrics.size).toBeGreaterThan(20);
  });

  it.each(rules.map((rule) => [rule.alert, rule] as const))(
    '%s names exported metrics and labels',
    (_name, rule) => {
      expect(['page', 'ticket']).toContain(rule.labels.severity);
      expect(rule.annotations.summary.length).toBeGreaterThan(10);
      const expr = rule.expr.replace(/"[^"]*"/g, '""');
      // Label names: inside selectors and in `by (...)` groupings.
      const labelNames = [
        ...[...expr.matchAll(/\{([^}]*)\}/g)].flatMap(([, inside]) =>
          [...inside.matchAll(/([a-z_]+)\s*(?:=~|!~|!=|=)/g)].map((m) => m[1]),
        ),
        ...[...expr.matchAll(/\bby\s*\(([^)]*)\)/g)].flatMap(([, inside]) =>
          inside.split(',').map((l) => l.trim()),
        ),
      ];
      const metricNames = [
        ...expr.replace(/\{[^}]*\}|\bby\s*\([^)]*\)|\[[^\]]*\]/g, ' ').matchAll(/\b[a-z][a-z_]*\b/g),
      ]
        .map(([name]) => name)
        .filter((name) => !PROMQL.has(name));
      expect(metricNames.length).toBeGreaterThan(0);
      for (const raw of metricNames) {
        if (raw === 'up') continue;
        const labels = metrics.get(raw.replace(/_(bucket|count|sum)$/, '')) ?? metrics.get(raw);
        expect([raw, labels !== undefined]).toEqual([raw, true]);
        const known = [...(labels ?? []), 'service', 'le', 'job'];
        for (const label of labelNames)
          expect([raw, label, known.includes(label)]).toEqual([raw, label, true]);
      }
      expect(runbook).toContain(`### ${rule.alert}`);
    },
  );
});
