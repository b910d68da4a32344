// The reading context of one Kubernetes object, shared by the reader of each kind: where the object came
// from, how to report a finding at a path inside it, and the readers of values every kind has (labels,
// label selectors, protocols). Invariant: an error reported here refuses the object, as the API server
// would refuse it (DESIGN 2.3); the builder stores nothing of a refused object, so what a reader returns
// for it is never evaluated, and no reader needs a value standing for "matches nothing".
import type {
  Diagnostic,
  LabelSelector,
  LabelSelectorRequirement,
  Labels,
  Protocol,
  SourceRange,
} from '../types';
import { diagnostic, type MessageCode } from '../messages';
import { labelKeyProblem, labelValueProblem } from './validate';

export type Path = readonly (string | number)[];

/** What of the last key of a path a finding points at: its value (the default), or the key itself. */
export type PathEnd = 'value' | 'key';

/** Where an object came from, and how to find the source range of any path inside it. */
export interface ObjectSource {
  file: number;
  fileName: string;
  doc: number;
  rangeAt(path: Path, end?: PathEnd): SourceRange | undefined;
  /**
   * Where a finding points: the exact node, where rangeAt is coarser (the bulk path gives objects the
   * range of their List item, and finds a finding's node by reading that item again).
   */
  findingAt?(path: Path, end?: PathEnd): SourceRange | undefined;
  /** Duplicate keys inside the object at `base` (the document, or a List item): where, and the key's path. */
  duplicateKeys?(base: Path): readonly DuplicateKey[];
}

export interface DuplicateKey {
  /** Path of the repeated key inside its object. */
  path: Path;
  range: SourceRange | undefined;
  /** Line of the key's first occurrence. */
  firstLine?: number;
}

type Json = unknown;
type Obj = Record<string, Json>;

export const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: Json): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'ClusterNetworkPolicy',
]);

/** How messages name an object: `NetworkPolicy default/db`, `Namespace prod`. */
export function objectLabel(kind: string, name: string, namespace: string | undefined): string {
  return CLUSTER_SCOPED.has(kind) ? `${kind} ${name}` : `${kind} ${namespace || 'default'}/${name}`;
}

export class ObjectReader {
  private errors = 0;

  constructor(
    readonly src: ObjectSource,
    /** Path of the object inside its document: `[]`, or `['items', i]` in a List. */
    readonly base: Path,
    /** The object's name in messages, passed to every message as its last argument. */
    readonly label: string,
    private readonly sink: Diagnostic[],
  ) {}

  /** True once an error was reported: the API server would not create the object. */
  get refused(): boolean {
    return this.errors > 0;
  }

  /** A path inside the object. */
  at(...p: (string | number)[]): Path {
    return [...this.base, ...p];
  }

  /** A finding at `path` (from the document's root), with the object's name as the last argument. */
  report(code: MessageCode, args: readonly (string | number)[], path: Path, end: PathEnd = 'value') {
    this.push(diagnostic(code, [...args, this.label], this.rangeOf(path, end), this.src.fileName));
  }

  /** Where a finding at `path` points: its exact node where the source can find it. */
  rangeOf(path: Path, end: PathEnd = 'value'): SourceRange | undefined {
    return this.src.findingAt?.(path, end) ?? this.src.rangeAt(path, end);
  }

  push(d: Diagnostic) {
    if (d.severity === 'error') this.errors++;
    this.sink.push(d);
  }

  labels(value: Json, path: Path): Labels {
    const out: Record<string, string> = {};
    if (value === undefined || value === null) return out;
    if (!isObj(value)) {
      this.report('field-type', ['labels must be a mapping of strings'], path);
      return out;
    }
    for (const [k, v] of Object.entries(value)) {
      const keyProblem = labelKeyProblem(k);
      if (keyProblem) {
        // At the key: the value is not what is wrong.
        this.report('label-key', [k, keyProblem], [...path, k], 'key');
        continue;
      }
      const text = v === null || v === undefined ? '' : typeof v === 'object' ? null : String(v);
      if (text === null) {
        this.report('label-value', [preview(v), k, 'must be a string'], [...path, k]);
        continue;
      }
      const valueProblem = labelValueProblem(text);
      if (valueProblem) {
        this.report('label-value', [text, k, valueProblem], [...path, k]);
        continue;
      }
      out[k] = text;
    }
    return out;
  }

  /**
   * A LabelSelector, or null when the field is missing (a missing selector is not an empty one). An
   * invalid requirement is reported (refusing the object) and left out.
   */
  selector(value: Json, path: Path): LabelSelector | null {
    if (value === undefined || value === null) return null;
    if (!isObj(value)) {
      this.report(
        'selector-shape',
        ['a selector must be a mapping with matchLabels and/or matchExpressions'],
        path,
      );
      // Never evaluated: the report refuses the object.
      return { matchLabels: {}, matchExpressions: [] };
    }
    const matchLabels = this.labels(value.matchLabels, [...path, 'matchLabels']);
    const matchExpressions: LabelSelectorRequirement[] = [];
    if (value.matchExpressions !== undefined && value.matchExpressions !== null) {
      if (!Array.isArray(value.matchExpressions))
        this.report('selector-shape', ['matchExpressions must be a list'], [...path, 'matchExpressions']);
      else
        value.matchExpressions.forEach((e, i) => {
          const requirement = this.requirement(e, [...path, 'matchExpressions', i]);
          if (requirement) matchExpressions.push(requirement);
        });
    }
    return { matchLabels, matchExpressions };
  }

  private requirement(e: Json, p: Path): LabelSelectorRequirement | null {
    if (!isObj(e) || typeof e.key !== 'string') {
      this.report(
        'selector-shape',
        ['each matchExpression needs key, operator and (for In/NotIn) values'],
        p,
      );
      return null;
    }
    const operator = str(e.operator);
    if (operator !== 'In' && operator !== 'NotIn' && operator !== 'Exists' && operator !== 'DoesNotExist') {
      this.report('selector-operator', [operator ?? ''], [...p, 'operator']);
      return null;
    }
    const keyProblem = labelKeyProblem(e.key);
    if (keyProblem) {
      this.report('label-key', [e.key, keyProblem], [...p, 'key']);
      return null;
    }
    // In/NotIn without values and Exists/DoesNotExist with values are refused earlier (strict.ts).
    const values = Array.isArray(e.values) ? e.values.map((v) => String(v)) : [];
    return { key: e.key, operator, values };
  }

  /** TCP when missing; lower case read upper-cased with a warning; undefined (reported) when unknown. */
  protocol(value: Json, path: Path): Protocol | undefined {
    if (value === undefined || value === null) return 'TCP';
    const text = String(value);
    const upper = text.toUpperCase();
    if (upper !== 'TCP' && upper !== 'UDP' && upper !== 'SCTP') {
      this.report('protocol-unknown', [text], path);
      return undefined;
    }
    if (text !== upper) this.report('protocol-case', [text, upper], path);
    return upper;
  }
}

/** A mapping's entries as strings (annotations: not validated, never evaluated but the legacy one). */
export function stringMap(value: Json): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(value))
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = String(v);
  return out;
}

/**
 * A short text for an unexpected value in a message. Bounded in depth and length: a bulk JSON file may
 * hold a value nested far deeper than `JSON.stringify` can recurse.
 */
export function preview(value: unknown, depth = 0): string {
  const max = 60;
  let out: string;
  if (value === null || typeof value !== 'object') out = JSON.stringify(value) ?? String(value);
  else if (depth >= 2) out = Array.isArray(value) ? '[…]' : '{…}';
  else if (Array.isArray(value))
    out = `[${value
      .slice(0, 5)
      .map((v) => preview(v, depth + 1))
      .join(',')}${value.length > 5 ? ',…' : ''}]`;
  else {
    const entries = Object.entries(value);
    out = `{${entries
      .slice(0, 5)
      .map(([k, v]) => `${JSON.stringify(k)}:${preview(v, depth + 1)}`)
      .join(',')}${entries.length > 5 ? ',…' : ''}}`;
  }
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}
