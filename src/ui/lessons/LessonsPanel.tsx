// The Lessons region (DESIGN 2.4): the lesson list, the welcome card and the lesson player (steps,
// probes with their explanation, tasks checked against the learner's YAML).
import { useEffect, useState } from 'react';
import { lessons, type Expectation, type Lesson, type ProbeResult } from '../../lessons/index';
import { useAppStore, selectSettings } from '../../state/store';
import { useEngine } from '../../state/useEngine';
import {
  lessonDone,
  lessonSettings,
  useLessonActions,
  useLessonStore,
  verdictHidden,
  type TaskCheck,
} from '../../state/lessonStore';
import './lessons.css';

export function LessonsPanel() {
  const lessonId = useLessonStore((s) => s.lessonId);
  const welcome = useLessonStore((s) => s.welcome);
  const lesson = lessons.find((l) => l.id === lessonId);
  return (
    <section aria-label="Lessons" className="lessons">
      {welcome && <Welcome inLesson={Boolean(lesson)} />}
      {lesson ? <LessonPlayer key={lesson.id} lesson={lesson} /> : <LessonList />}
    </section>
  );
}

/** Hides the verdicts on the graph, the matrix and the explanation while a prediction is pending. */
export function LessonVeil() {
  const hidden = useLessonStore(verdictHidden);
  useEffect(() => {
    if (hidden) document.documentElement.dataset.verdictHidden = 'true';
    else delete document.documentElement.dataset.verdictHidden;
  }, [hidden]);
  return null;
}

function focusEditorForPaste() {
  const editor = (
    window as unknown as {
      __netpolEditor?: {
        focus(): void;
        setSelection(r: unknown): void;
        getModel(): { getFullModelRange(): unknown };
      };
    }
  ).__netpolEditor;
  if (!editor) return;
  editor.focus();
  editor.setSelection(editor.getModel().getFullModelRange());
}

function Welcome({ inLesson }: { inLesson: boolean }) {
  const store = useLessonActions();
  return (
    <div className="welcome" role="group" aria-labelledby="welcome-title">
      <div className="welcome-head">
        <h3 id="welcome-title">Welcome</h3>
        <button
          type="button"
          className="link"
          aria-label="Dismiss welcome"
          onClick={() => store.dismissWelcome()}
        >
          ✕
        </button>
      </div>
      <p>
        See who can talk to whom in a Kubernetes cluster, and why. Start a lesson, paste YAML, or open files.
      </p>
      <div className="welcome-actions">
        <button
          type="button"
          onClick={() => {
            if (!inLesson) store.open(lessons[0]!);
            store.dismissWelcome();
          }}
          title={inLesson ? 'Carry on with the lesson below' : `Open the first lesson: ${lessons[0]!.title}`}
        >
          Start a lesson
        </button>
        <button
          type="button"
          title="Selects the whole YAML in the editor: paste your manifests over it (Ctrl+V)"
          onClick={() => {
            store.dismissWelcome();
            focusEditorForPaste();
          }}
        >
          Paste YAML
        </button>
        <button
          type="button"
          title="Open YAML or JSON manifests from your computer"
          onClick={() => {
            store.dismissWelcome();
            document
              .querySelector<HTMLInputElement>('input[type="file"][aria-label="Open manifests"]')
              ?.click();
          }}
        >
          Open files
        </button>
      </div>
    </div>
  );
}

function LessonList() {
  const progress = useLessonStore((s) => s.progress);
  const lessonStore = useLessonActions();
  return (
    <>
      <h3>Lessons</h3>
      <p className="hint">
        Each lesson sets up a small cluster and changes it step by step. Predict, then check what the engine
        says and why; in each lesson you make at least one change yourself, in the YAML or on the graph.
      </p>
      <ol className="lesson-list">
        {lessons.map((l) => {
          const reached = progress.reached[l.id];
          const tasks = l.steps.filter((s) => s.task).length;
          const solved = (progress.solved[l.id] ?? []).length;
          const done = lessonDone(l, progress);
          return (
            <li key={l.id} data-lesson={l.id} data-done={done}>
              <button type="button" className="lesson-open" onClick={() => lessonStore.open(l)}>
                <span className="lesson-title">{l.title}</span>
                <span className="lesson-progress">
                  {done
                    ? '✓ done'
                    : reached !== undefined
                      ? `${solved} of ${tasks} task${tasks === 1 ? '' : 's'} solved`
                      : `${l.steps.length} steps, ${tasks} task${tasks === 1 ? '' : 's'}`}
                </span>
              </button>
              <p className="lesson-summary">{l.summary}</p>
            </li>
          );
        })}
      </ol>
    </>
  );
}

function Paragraphs({ text }: { text: string }) {
  // Plain text with `code` spans: rendered as React text nodes, never as HTML.
  return (
    <>
      {text.split(/\n\n+/).map((p, i) => (
        <p key={i}>
          {p
            .split(/(`[^`]+`)/)
            .map((part, j) =>
              part.startsWith('`') && part.endsWith('`') ? <code key={j}>{part.slice(1, -1)}</code> : part,
            )}
        </p>
      ))}
    </>
  );
}

const NO_PROBES: ProbeResult[] = [];

function LessonPlayer({ lesson }: { lesson: Lesson }) {
  const stepIndex = useLessonStore((s) => s.step);
  const predictions = useLessonStore((s) => s.predictions);
  const check = useLessonStore((s) => s.check);
  const progress = useLessonStore((s) => s.progress);
  const settings = useAppStore(selectSettings);
  const step = lesson.steps[stepIndex]!;
  // Run in the engine worker, on the workspace text, under the lesson's settings.
  const probes =
    useEngine('probes', {
      probes: lesson.probes,
      settings: lessonSettings(settings),
      expected: step.task ? {} : (step.expect ?? {}),
    }).result ?? NO_PROBES;
  const lessonStore = useLessonActions();
  const last = stepIndex === lesson.steps.length - 1;
  const next = lessons[lessons.findIndex((l) => l.id === lesson.id) + 1];
  const hidden = Boolean(step.predict) && predictions === null;
  const done = lessonDone(lesson, progress);

  return (
    <div className="lesson-player">
      <button type="button" className="link" onClick={() => lessonStore.close()}>
        ← All lessons
      </button>
      <h3>{lesson.title}</h3>
      <p className="hint">From {lesson.source}</p>
      <nav aria-label="Lesson steps" className="step-nav">
        <button type="button" onClick={() => lessonStore.goTo(stepIndex - 1)} disabled={stepIndex === 0}>
          ← Previous
        </button>
        <span aria-live="polite">
          Step {stepIndex + 1} of {lesson.steps.length}
        </span>
        <button
          type="button"
          onClick={() => lessonStore.goTo(stepIndex + 1)}
          disabled={last}
          title={step.task && !last ? 'Moving on applies this step’s solution' : undefined}
        >
          Next →
        </button>
      </nav>
      <h4>{step.title}</h4>
      <Paragraphs text={step.text} />
      {step.task && <TaskBox lesson={lesson} stepIndex={stepIndex} check={check} />}
      {hidden ? (
        <PredictForm key={stepIndex} lesson={lesson} expect={step.expect ?? {}} />
      ) : (
        <>
          <h4>Probes</h4>
          <ProbeList probes={probes} predictions={step.predict ? predictions : null} />
        </>
      )}
      {last && (
        <div className="lesson-end">
          <p>
            {done
              ? '✓ Lesson done: every task solved.'
              : 'End of the lesson. It counts as done once every task in it is checked solved.'}
          </p>
          {next && (
            <button type="button" onClick={() => lessonStore.open(next)}>
              Next lesson: {next.title}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function TaskBox({
  lesson,
  stepIndex,
  check,
}: {
  lesson: Lesson;
  stepIndex: number;
  check: TaskCheck | null;
}) {
  const task = lesson.steps[stepIndex]!.task!;
  const lessonStore = useLessonActions();
  const solutionShown = useLessonStore((s) => s.solutionShown);
  const mine = check && check.lessonId === lesson.id && check.step === stepIndex ? check : null;
  const failed = mine ? mine.probes.filter((p) => !p.ok) : [];
  return (
    <div className="task" role="group" aria-label="Task">
      <p>
        <strong>Task:</strong> {task.goal}
      </p>
      <p className="hint">Change the YAML in the editor, or use the graph’s edit tools, then check.</p>
      <div className="task-actions">
        <button type="button" onClick={() => void lessonStore.checkTask()}>
          Check my YAML
        </button>
        <button
          type="button"
          title="Applies the solution to the YAML (one undo step)"
          onClick={() => lessonStore.showSolution()}
        >
          Show solution
        </button>
      </div>
      {solutionShown && (
        <p className="hint">
          The solution is in the YAML. Check it, or undo it in the editor (Ctrl+Z) and try your own.
        </p>
      )}
      <div role="status" className={mine ? (mine.solved ? 'check ok' : 'check not-ok') : 'check'}>
        {mine &&
          (mine.solved
            ? '✓ Solved: every probe of the task gives its expected result.'
            : `✕ Not yet: ${
                mine.errors.length
                  ? `the API server would refuse this YAML (${mine.errors.length} error${mine.errors.length === 1 ? '' : 's'})`
                  : `${failed.length} of ${mine.probes.length} probes give another result than the goal asks`
              }.`)}
      </div>
      {mine && !mine.solved && (
        <ul className="failed-probes" aria-label="What does not match the goal yet">
          {mine.errors.map((e, i) => (
            <li key={`e${i}`}>
              Line {e.line}, column {e.col}: {e.message}
            </li>
          ))}
          {failed.map((p) => (
            <li key={p.name} data-probe-failed={p.name}>
              <code>{p.probe}</code>: {p.allowed ? 'allowed' : 'denied'}, the goal wants {p.expected}
              <details>
                <summary>Why?</summary>
                <pre className="why">{p.explanation}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
      {task.hints.map((h, i) => (
        <details key={i}>
          <summary>Hint {i + 1}</summary>
          <p>{h}</p>
        </details>
      ))}
    </div>
  );
}

function PredictForm({ lesson, expect }: { lesson: Lesson; expect: Record<string, Expectation> }) {
  const names = Object.keys(expect);
  const [answers, setAnswers] = useState<Record<string, Expectation>>({});
  const complete = names.every((n) => answers[n]);
  const lessonStore = useLessonActions();
  return (
    <form
      className="predict"
      aria-label="Your prediction"
      onSubmit={(e) => {
        e.preventDefault();
        if (complete) lessonStore.predict(answers);
      }}
    >
      <p>
        <strong>Predict first:</strong> which of these connections work now? The graph, the matrix and the
        results stay hidden until you answer.
      </p>
      {names.map((name) => {
        const probe = lesson.probes.find((p) => p.name === name)!;
        return (
          <fieldset key={name} className="prediction">
            <legend>
              <code>{probe.probe}</code>
            </legend>
            {(['allowed', 'denied'] as const).map((v) => (
              <label key={v}>
                <input
                  type="radio"
                  name={`predict-${name}`}
                  value={v}
                  checked={answers[name] === v}
                  onChange={() => setAnswers((a) => ({ ...a, [name]: v }))}
                />{' '}
                {v}
              </label>
            ))}
          </fieldset>
        );
      })}
      <button
        type="submit"
        disabled={!complete}
        title={complete ? undefined : 'Answer every connection first'}
      >
        Show the results
      </button>
    </form>
  );
}

function ProbeList({
  probes,
  predictions,
}: {
  probes: ProbeResult[];
  predictions: Record<string, Expectation> | null;
}) {
  return (
    <ul className="probes" aria-label="Probe results">
      {probes.map((p) => {
        const actual: Expectation = p.allowed ? 'allowed' : 'denied';
        const predicted = predictions?.[p.name];
        const right = predicted === undefined ? undefined : predicted === actual;
        return (
          <li
            key={p.name}
            className={`probe ${right === undefined ? '' : right ? 'right' : 'wrong'}`}
            data-probe={p.name}
            data-allowed={p.allowed}
            data-prediction={right === undefined ? undefined : right ? 'right' : 'wrong'}
          >
            <span aria-hidden="true" className="probe-icon">
              {p.allowed ? '→' : '⊣'}
            </span>{' '}
            <code>{p.probe}</code> <strong>{actual}</strong>
            {p.wouldBeAllowed === false && <em> (an enforcing plugin would deny it)</em>}
            {p.dnsBlocked && <em> (DNS lookup blocked)</em>}
            {right !== undefined && (
              <span className="verdict">
                {' '}
                — you said {predicted}: {right ? '✓ right' : '✕ wrong'}
              </span>
            )}
            {right === undefined && p.expected && (
              <span className="verdict">
                {' '}
                — as the lesson says {p.ok ? '✓' : `✕ (it expects ${p.expected})`}
              </span>
            )}
            <details>
              <summary>Why?</summary>
              <pre className="why">{p.explanation}</pre>
            </details>
          </li>
        );
      })}
    </ul>
  );
}
