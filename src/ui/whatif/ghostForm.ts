// The "What if…" form read into a what-if pod: labels as `key=value` lines, container ports as
// `[name] port[/protocol]` lines, each problem reported at its field and line with the engine's own
// label, name and port rules (the ones that refuse such a pod in the YAML).
import type { ContainerPort, GhostPod, Protocol } from '../../engine/index';
import { ghostProblems, labelKeyProblem, labelValueProblem } from '../../state/engineHelpers';

export interface GhostFormFields {
  name: string;
  namespace: string;
  labels: string;
  ports: string;
}

export type GhostField = 'name' | 'namespace' | 'labels' | 'ports';
export type FieldErrors = Partial<Record<GhostField, string[]>>;

const PROTOCOLS: readonly string[] = ['TCP', 'UDP', 'SCTP'];

/** Non-empty lines with their 1-based numbers. */
const linesOf = (text: string) =>
  text
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter((l) => l.line !== '');

/**
 * The pod the form describes, or the problems of each field (the form keeps what was typed). With
 * `asking`, the name is not read: a question is about any pod with these labels.
 */
export function readGhostForm(
  fields: GhostFormFields,
  asking = false,
): { ghost: GhostPod; errors: null } | { ghost: null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const add = (field: GhostField, message: string) => (errors[field] ??= []).push(message);

  const labels: Record<string, string> = {};
  for (const { line, n } of linesOf(fields.labels)) {
    const eq = line.indexOf('=');
    if (eq < 0) {
      add('labels', `line ${n}: write key=value ("${line}" has no "=")`);
      continue;
    }
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    const keyWhy = labelKeyProblem(key);
    if (keyWhy) add('labels', `line ${n}: invalid label key "${key}": ${keyWhy}`);
    const valueWhy = labelValueProblem(value);
    if (valueWhy) add('labels', `line ${n}: invalid label value "${value}": ${valueWhy}`);
    if (key in labels) add('labels', `line ${n}: the key "${key}" is set twice`);
    if (!keyWhy && !valueWhy) labels[key] = value;
  }

  const ports: ContainerPort[] = [];
  const portLines: number[] = [];
  for (const { line, n } of linesOf(fields.ports)) {
    const m = /^(?:(\S+)\s+)?(\d+)(?:\s*\/\s*(\w+))?$/.exec(line);
    if (!m) {
      add('ports', `line ${n}: write a port as "8080", "http 8080" or "dns 53/UDP"`);
      continue;
    }
    const protocol = (m[3] ?? 'TCP').toUpperCase();
    if (!PROTOCOLS.includes(protocol)) {
      add('ports', `line ${n}: protocol "${m[3]}" must be TCP, UDP or SCTP`);
      continue;
    }
    ports.push({
      ...(m[1] !== undefined ? { name: m[1] } : {}),
      containerPort: Number(m[2]),
      protocol: protocol as Protocol,
    });
    portLines.push(n);
  }

  const ghost: GhostPod = {
    name: asking ? 'asked-pod' : fields.name.trim(),
    namespace: fields.namespace.trim(),
    labels,
    ports,
  };
  // Name, namespace, port numbers and names, and sizes, by the engine's rules; labels were read above.
  for (const d of ghostProblems(ghost)) {
    const path = d.path ?? '';
    const port = /^ports\[(\d+)\]/.exec(path);
    const message = d.message.replace(/^what-if pod [^:]*: /, '').replace(/; it is not added$/, '');
    if (path === 'name' || path === 'namespace') add(path, message);
    else if (port) add('ports', `line ${portLines[Number(port[1])]}: ${message}`);
    else if (path === 'labels' || path === 'ports') add(path, message);
  }
  return Object.keys(errors).length > 0 ? { ghost: null, errors } : { ghost, errors: null };
}
