// What a lesson is made of: steps with actions on the YAML, probes with their expected verdicts, tasks.
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

/**
 * Something the learner does: write YAML or draw on the graph. Graded by probes on the resulting
 * cluster, never by comparing text. The step starts unsolved: `solution` is applied only by
 * "Show solution" or when the learner moves past the step.
 */
export interface LessonTask {
  /** Every constraint stated here is a probe in `check`. */
  goal: string;
  /** Nudges towards the answer; none gives it away (that is what the solution is for). */
  hints: string[];
  /** The probes that must give these results for the task to count as solved. */
  check: Record<string, Expectation>;
  solution: LessonAction;
}

export interface LessonStep {
  title: string;
  /** Plain text with blank lines between paragraphs; `code` in backticks. */
  text: string;
  /** Applied when the learner enters the step (after the steps before it and their tasks' solutions). */
  action?: LessonAction;
  /** Expected result of each named probe on entering the step (before its task is done). */
  expect?: Record<string, Expectation>;
  /** Ask the learner to predict the probes in `expect` before the verdicts are shown. */
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
