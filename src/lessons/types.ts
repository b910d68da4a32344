import type { Semantics } from '../engine/index';

export type Expectation = 'allowed' | 'denied';

export interface ProbeSpec {
  name: string;
  /** `ns-1/busybox -> ns-1/http-echo:80`, `x/a -> svc:y/web:80`, `x/a -> ip:8.8.8.8:53/UDP` */
  probe: string;
}

export interface LessonSettings {
  semantics: Semantics;
  enforced: boolean;
  dns: boolean;
}

export type LessonAction =
  | { type: 'apply'; yaml: string }
  | { type: 'delete'; kind: string; namespace?: string; name: string }
  | { type: 'label'; kind: string; namespace?: string; name: string; labels: Record<string, string | null> }
  | { type: 'setting'; semantics?: Semantics; enforced?: boolean; dns?: boolean }
  | { type: 'sequence'; actions: LessonAction[] };

export interface LessonTask {
  goal: string;
  hints: string[];
  /** The probes that must give these results for the task to count as solved. */
  check: Record<string, Expectation>;
  solution: LessonAction;
}

export interface LessonStep {
  title: string;
  /** Plain text with blank lines between paragraphs; `code` in backticks. */
  text: string;
  action?: LessonAction;
  /** Expected result of each named probe after this step's action. */
  expect?: Record<string, Expectation>;
  /** Ask the learner to predict the probes before revealing them. */
  predict?: boolean;
  task?: LessonTask;
}

export interface Lesson {
  id: string;
  title: string;
  summary: string;
  /** Where it comes from: a course document or the lesson catalogue. */
  source: string;
  initial: string;
  settings?: Partial<LessonSettings>;
  probes: ProbeSpec[];
  steps: LessonStep[];
}

export interface ProbeResult {
  name: string;
  probe: string;
  expected?: Expectation;
  allowed: boolean;
  ok: boolean;
  explanation: string;
  wouldBeAllowed?: boolean;
  dnsBlocked?: boolean;
  error?: string;
}
