import { useMemo, useState } from 'react';
import {
  lessons,
  runProbes,
  gradeTask,
  applyAction,
  type Lesson,
  type LessonSettings,
} from '../../lessons/index';
import { enforces, getStore, useAppStore, selectSettings, selectText } from '../../state/store';
import { getLessonStore, useLessonStore } from '../../state/lessonStore';

function lessonSettings(s: {
  semantics: 'current' | 'legacy';
  plugin: string;
  dns: boolean;
}): LessonSettings {
  return { semantics: s.semantics, enforced: enforces(s.plugin), dns: s.dns };
}

export function LessonsPanel() {
  const lessonId = useLessonStore((s) => s.lessonId);
  const lesson = lessons.find((l) => l.id === lessonId);
  return (
    <section aria-label="Lessons" className="lessons">
      {lesson ? <LessonPlayer lesson={lesson} /> : <LessonList />}
    </section>
  );
}

function LessonList() {
  const progress = useLessonStore((s) => s.progress);
  return (
    <>
      <h3>Lessons</h3>
      <p className="hint">
        Each lesson sets up a small cluster and changes it step by step. Predict, then check what the engine
        says and why.
      </p>
      <ol className="lesson-list">
        {lessons.map((l) => {
          const reached = progress[l.id];
          const done = reached !== undefined && reached >= l.steps.length - 1;
          return (
            <li key={l.id}>
              <button
                type="button"
                className="lesson-open"
                onClick={() => getLessonStore().getState().open(l)}
              >
                <span className="lesson-title">{l.title}</span>
                <span className="lesson-progress">
                  {done
                    ? '✓ done'
                    : reached !== undefined
                      ? `step ${reached + 1}/${l.steps.length}`
                      : `${l.steps.length} steps`}
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

function LessonPlayer({ lesson }: { lesson: Lesson }) {
  const stepIndex = useLessonStore((s) => s.step);
  const revealed = useLessonStore((s) => s.revealed);
  const text = useAppStore(selectText);
  const settings = useAppStore(selectSettings);
  const [grade, setGrade] = useState<{ solved: boolean; step: number } | null>(null);
  const step = lesson.steps[stepIndex]!;
  const probes = useMemo(
    () => runProbes(text, lesson.probes, lessonSettings(settings), step.expect ?? step.task?.check ?? {}),
    [text, lesson, settings, step],
  );
  const lessonStore = getLessonStore().getState();
  const last = stepIndex === lesson.steps.length - 1;

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
        <button type="button" onClick={() => lessonStore.goTo(stepIndex + 1)} disabled={last}>
          Next →
        </button>
      </nav>
      <h4>{step.title}</h4>
      <Paragraphs text={step.text} />
      {step.task && (
        <div className="task" role="group" aria-label="Task">
          <p>
            <strong>Task:</strong> {step.task.goal}
          </p>
          <p className="hint">Edit the YAML in the editor (or use the graph tools), then check.</p>
          <button
            type="button"
            onClick={() => {
              const st = getStore().getState();
              setGrade({
                solved: gradeTask(lesson, stepIndex, st.text, lessonSettings(st.settings)).solved,
                step: stepIndex,
              });
            }}
          >
            Check my YAML
          </button>
          {grade && grade.step === stepIndex && (
            <p role="status" className={grade.solved ? 'ok' : 'not-ok'}>
              {grade.solved
                ? '✓ Solved: every required probe gives the expected result.'
                : '✕ Not yet: look at the probes below and their explanations.'}
            </p>
          )}
          {step.task.hints.map((h, i) => (
            <details key={i}>
              <summary>Hint {i + 1}</summary>
              <p>{h}</p>
            </details>
          ))}
          <button
            type="button"
            onClick={() => {
              const st = getStore().getState();
              const next = applyAction(st.text, lessonSettings(st.settings), step.task!.solution);
              st.setText(next.text, 'external');
            }}
          >
            Show solution
          </button>
        </div>
      )}
      <h4>Probes</h4>
      {!revealed ? (
        <div className="predict">
          <p>Predict first: which of these connections work now?</p>
          <ul>
            {lesson.probes.map((p) => (
              <li key={p.name}>
                <code>{p.probe}</code>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => lessonStore.reveal()}>
            Reveal results
          </button>
        </div>
      ) : (
        <ul className="probes" aria-label="Probe results">
          {probes.map((p) => (
            <li
              key={p.name}
              className={p.allowed ? 'probe-allowed' : 'probe-denied'}
              data-probe={p.name}
              data-allowed={p.allowed}
            >
              <span aria-hidden="true" className="probe-icon">
                {p.allowed ? '✓' : '✕'}
              </span>{' '}
              <code>{p.probe}</code> <strong>{p.allowed ? 'allowed' : 'denied'}</strong>
              {p.wouldBeAllowed === false && <em> (an enforcing plugin would deny it)</em>}
              {p.dnsBlocked && <em> (DNS lookup blocked)</em>}
              {p.expected && (
                <span className={p.ok ? 'ok' : 'not-ok'}>
                  {' '}
                  — expected {p.expected} {p.ok ? '✓' : '✕'}
                </span>
              )}
              <details>
                <summary>Why?</summary>
                <pre className="why">{p.explanation}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
