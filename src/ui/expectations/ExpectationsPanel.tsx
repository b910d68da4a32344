// The Expectations tab: what must and must not connect, each with pass or fail as the YAML is edited
// (checked in the engine worker), written here or pinned from an explanation, imported from and
// exported to the file `netpol-lab assert --expect` reads. Every REF and reason is untrusted text from
// the YAML or the file: rendered as text only.
import { useId, useMemo, useRef, useState } from 'react';
import type { Protocol } from '../../engine/index';
import type { ExpectationResult } from '../../worker/protocol';
import {
  useAppStore,
  useAppStoreApi,
  selectExpectationResults,
  selectExpectations,
  selectWorkspace,
  type ExpectationItem,
} from '../../state/store';
import {
  expectationProblem,
  MAX_EXPECTATIONS_FILE,
  portOf,
  specOf,
  type ExpectationSpec,
} from '../../state/slices/expectations';
import { downloadText } from '../download';

/** The file name of an export: what the README's CI recipe calls it. */
export const EXPORT_NAME = 'netpol-expect.yaml';
/** REFs offered as suggestions in the form: enough for a cluster one reads by name. */
const SUGGESTED_REFS = 2000;

export type ExpectationStatus = ExpectationResult['status'] | 'checking';

/** The result shown for an expectation: the worker's, for this very expectation and the current text. */
export function resultOf(
  e: ExpectationItem,
  results: ReturnType<typeof selectExpectationResults>,
  text: string,
): { status: ExpectationStatus; result: ExpectationResult | null } {
  const entry = results?.byId[e.id];
  if (!entry || entry.key !== JSON.stringify(specOf(e))) return { status: 'checking', result: null };
  // An older text's result stays on screen while the new one is checked, marked as checking.
  return { status: results!.text === text ? entry.result.status : 'checking', result: entry.result };
}

/** Icon and word, never colour alone. */
export const BADGES: Record<ExpectationStatus, { icon: string; text: string }> = {
  pass: { icon: '✓', text: 'pass' },
  fail: { icon: '✗', text: 'fail' },
  unresolved: { icon: '?', text: 'cannot check' },
  checking: { icon: '…', text: 'checking' },
};

export function Badge({ status }: { status: ExpectationStatus }) {
  const b = BADGES[status];
  return (
    <span className={`expect-badge expect-${status}`}>
      <span aria-hidden="true">{b.icon}</span> {b.text}
    </span>
  );
}

export const describeExpectation = (e: ExpectationSpec) =>
  `${e.from} → ${e.to} on ${e.protocol} ${e.port}: expected ${e.allowed ? 'allowed' : 'denied'}`;

export function ExpectationsPanel() {
  const store = useAppStoreApi();
  const list = useAppStore(selectExpectations);
  const results = useAppStore(selectExpectationResults);
  const text = useAppStore((s) => s.evaluatedText ?? s.text);
  const report = useAppStore((s) => s.expectationImport);
  const reading = useAppStore((s) => s.expectationImportReading);
  const workspace = useAppStore(selectWorkspace);
  const [editing, setEditing] = useState<string | null>(null);
  const [dropping, setDropping] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const refsId = useId();

  const refs = useMemo(
    () => (workspace?.cluster.endpoints ?? []).slice(0, SUGGESTED_REFS).map((e) => e.ref),
    [workspace],
  );
  const shown = list.map((e) => ({ e, ...resultOf(e, results, text) }));
  const count = (s: ExpectationStatus) => shown.filter((x) => x.status === s).length;

  const importFiles = async (files: FileList | File[]) => {
    // Read no more than the limit and one byte: a bigger file is refused by its size, not read whole.
    for (const f of [...files])
      await store.getState().importExpectations(await f.slice(0, MAX_EXPECTATIONS_FILE + 1).text(), f.name);
  };

  return (
    <section
      className={`expectations${dropping ? ' dropping' : ''}`}
      aria-label="Expectations"
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        // Dropped here, a file is an expectations file, not manifests for the workspace.
        e.preventDefault();
        e.stopPropagation();
        setDropping(true);
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={(e) => {
        if (!e.dataTransfer.files.length) return;
        e.preventDefault();
        e.stopPropagation();
        setDropping(false);
        void importFiles(e.dataTransfer.files);
      }}
    >
      <datalist id={refsId}>
        {refs.map((r) => (
          <option key={r} value={r} />
        ))}
      </datalist>
      <p className="hint">
        What must and must not connect, checked on every change of the YAML. The file is the one{' '}
        <code>netpol-lab assert --expect</code> reads; drop one here to import it.
      </p>
      <div className="expect-actions" role="group" aria-label="Expectations file">
        <button
          type="button"
          onClick={() => fileInput.current?.click()}
          title="Add the expectations of a file (YAML or JSON, as netpol-lab assert reads it); you can also drop it on this panel"
        >
          Import…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".yaml,.yml,.json,application/yaml,application/json,text/yaml"
          aria-label="Import expectations"
          hidden
          onChange={(e) => {
            const files = e.currentTarget.files;
            if (files?.length) void importFiles(files).then(() => (e.target.value = ''));
          }}
        />
        <button
          type="button"
          disabled={list.length === 0}
          onClick={() => downloadText(EXPORT_NAME, store.getState().exportExpectations())}
          title={`Download ${EXPORT_NAME}, for netpol-lab assert --expect ${EXPORT_NAME} PATHS...`}
        >
          Export
        </button>
      </div>
      {reading !== null && (
        <p role="status">Reading {reading}… its expectations are added when it has been read.</p>
      )}
      {report && <ImportReport />}
      <ExpectationForm refsId={refsId} onDone={() => undefined} />
      {list.length === 0 ? (
        <p>
          No expectations yet. Add one above, pin a connection’s verdict with <strong>Expect this</strong> in
          its explanation, or import a file.
        </p>
      ) : (
        <>
          <p role="status" className="expect-summary">
            {count('pass')} passed, {count('fail')} failed
            {count('unresolved') ? `, ${count('unresolved')} cannot be checked` : ''}
            {count('checking') ? ` (${count('checking')} checking…)` : ''}
          </p>
          <ul className="expect-list" aria-label="Expectation results">
            {shown.map(({ e, status, result }) =>
              editing === e.id ? (
                <li key={e.id}>
                  <ExpectationForm refsId={refsId} editing={e} onDone={() => setEditing(null)} />
                </li>
              ) : (
                <ExpectationRow
                  key={e.id}
                  e={e}
                  status={status}
                  result={result}
                  onEdit={() => setEditing(e.id)}
                />
              ),
            )}
          </ul>
        </>
      )}
    </section>
  );
}

function ExpectationRow({
  e,
  status,
  result,
  onEdit,
}: {
  e: ExpectationItem;
  status: ExpectationStatus;
  result: ExpectationResult | null;
  onEdit: () => void;
}) {
  const store = useAppStoreApi();
  const pair =
    result && result.status !== 'unresolved' && result.from !== null && result.to !== null
      ? { from: result.from, to: result.to }
      : null;
  const name = describeExpectation(e);
  return (
    <li className={`expect-item expect-${status}`} data-status={status}>
      <div className="expect-line">
        <Badge status={status} />
        <span className="expect-text">{name}</span>
      </div>
      {result && result.status === 'fail' && (
        <p className="expect-reason">
          Actually {result.allowed ? 'allowed' : 'denied'}: {result.reason}
        </p>
      )}
      {result && result.status === 'unresolved' && <p className="expect-reason">{result.reason}</p>}
      <div className="expect-buttons">
        {pair && (
          <button
            type="button"
            onClick={() => store.getState().select({ type: 'pair', ...pair })}
            aria-label={`Explain: ${name}`}
            title="Select this connection: the graph and the explanation show it"
          >
            Explain
          </button>
        )}
        <button type="button" onClick={onEdit} aria-label={`Edit: ${name}`} title="Edit this expectation">
          Edit
        </button>
        <button
          type="button"
          onClick={() => store.getState().removeExpectation(e.id)}
          aria-label={`Delete: ${name}`}
          title="Delete this expectation"
        >
          Delete
        </button>
      </div>
    </li>
  );
}

function ImportReport() {
  const store = useAppStoreApi();
  const report = useAppStore((s) => s.expectationImport)!;
  const { fileName, added, duplicates, dropped, errors } = report;
  const parts = [
    `Imported ${added} expectation${added === 1 ? '' : 's'} from ${fileName}`,
    duplicates ? `${duplicates} already in the list` : '',
    dropped ? `${dropped} left out (the list holds at most 1,000)` : '',
  ].filter(Boolean);
  return (
    <div className={`expect-import${errors.length ? ' has-errors' : ''}`} role="status">
      <p>
        {parts.join('; ')}.
        {errors.length > 0 &&
          ` ${errors.length} problem${errors.length === 1 ? '' : 's'}: the expectation${errors.length === 1 ? '' : 's'} at fault ${errors.length === 1 ? 'was' : 'were'} not added.`}
      </p>
      {errors.length > 0 && (
        <ul aria-label="Problems in the imported file">
          {errors.slice(0, 50).map((p, i) => (
            <li key={i}>
              {fileName}, line {p.line}, column {p.col}: {p.message}
            </li>
          ))}
          {errors.length > 50 && <li>… and {errors.length - 50} more</li>}
        </ul>
      )}
      <button type="button" onClick={() => store.getState().dismissExpectationImport()}>
        Dismiss
      </button>
    </div>
  );
}

/** Adds an expectation, or edits one (`editing`); what is typed is kept until it is valid. */
function ExpectationForm({
  refsId,
  editing,
  onDone,
}: {
  refsId: string;
  editing?: ExpectationItem;
  onDone: () => void;
}) {
  const store = useAppStoreApi();
  const [from, setFrom] = useState(editing?.from ?? '');
  const [to, setTo] = useState(editing?.to ?? '');
  const [port, setPort] = useState(editing ? String(editing.port) : '');
  const [protocol, setProtocol] = useState<Protocol>(editing?.protocol ?? 'TCP');
  const [allowed, setAllowed] = useState(editing?.allowed ?? true);
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const fieldId = useId();
  const what = editing ? 'Edit the expectation' : 'Add an expectation';
  const submit = () => {
    const spec: ExpectationSpec = { from: from.trim(), to: to.trim(), port: portOf(port), protocol, allowed };
    const problem = expectationProblem(spec);
    if (problem) {
      setError(problem);
      return;
    }
    setError(null);
    if (editing) store.getState().updateExpectation(editing.id, spec);
    else if (store.getState().addExpectation(spec) === null) {
      setError('The list holds at most 1,000 expectations: delete some first.');
      return;
    } else {
      setFrom('');
      setTo('');
      setPort('');
    }
    onDone();
  };
  return (
    <form
      className="expect-form"
      aria-label={what}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && editing) {
          e.preventDefault();
          onDone();
        }
      }}
    >
      {!editing && <h3>Add an expectation</h3>}
      <div className="expect-field">
        <label htmlFor={`${fieldId}-from`}>From</label>
        <input
          id={`${fieldId}-from`}
          value={from}
          list={refsId}
          placeholder="namespace/name or ip:ADDRESS"
          onChange={(e) => setFrom(e.target.value)}
          aria-describedby={error ? errorId : undefined}
        />
      </div>
      <div className="expect-field">
        <label htmlFor={`${fieldId}-to`}>To</label>
        <input
          id={`${fieldId}-to`}
          value={to}
          list={refsId}
          placeholder="namespace/name"
          onChange={(e) => setTo(e.target.value)}
          aria-describedby={error ? errorId : undefined}
        />
      </div>
      <div className="expect-field">
        <label htmlFor={`${fieldId}-port`}>Port</label>
        <input
          id={`${fieldId}-port`}
          value={port}
          placeholder="8080 or http"
          size={8}
          onChange={(e) => setPort(e.target.value)}
          aria-describedby={error ? errorId : undefined}
        />
      </div>
      <div className="expect-field">
        <label htmlFor={`${fieldId}-protocol`}>Protocol</label>
        <select
          id={`${fieldId}-protocol`}
          value={protocol}
          onChange={(e) => setProtocol(e.target.value as Protocol)}
        >
          <option>TCP</option>
          <option>UDP</option>
          <option>SCTP</option>
        </select>
      </div>
      <div className="expect-field">
        <label htmlFor={`${fieldId}-expect`}>Expect</label>
        <select
          id={`${fieldId}-expect`}
          value={allowed ? 'allowed' : 'denied'}
          onChange={(e) => setAllowed(e.target.value === 'allowed')}
        >
          <option value="allowed">allowed</option>
          <option value="denied">denied</option>
        </select>
      </div>
      <div className="expect-form-buttons">
        <button type="submit">{editing ? 'Save' : 'Add expectation'}</button>
        {editing && (
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
      {error && (
        <p className="field-error" role="alert" id={errorId}>
          {error}
        </p>
      )}
    </form>
  );
}

/** The tab's count of failing expectations, in words. */
export function ExpectationsTabCount() {
  const list = useAppStore(selectExpectations);
  const results = useAppStore(selectExpectationResults);
  const text = useAppStore((s) => s.evaluatedText ?? s.text);
  const failing = list.filter((e) => resultOf(e, results, text).status === 'fail').length;
  return failing ? <> ({failing} failing)</> : null;
}

/**
 * "Expect this" in a connection's explanation: pins its current verdict as an expectation, so a later
 * change of the YAML that flips it shows as a failure.
 */
export function ExpectThis({ spec }: { spec: ExpectationSpec }) {
  const store = useAppStoreApi();
  const list = useAppStore(selectExpectations);
  const same = list.find(
    (e) => e.from === spec.from && e.to === spec.to && e.port === spec.port && e.protocol === spec.protocol,
  );
  const verdict = spec.allowed ? 'allowed' : 'denied';
  // One button in the explanation's head: a row of its own would push the rest of the panel down.
  if (same) {
    const expected = `Expected ${same.allowed ? 'allowed' : 'denied'}`;
    return (
      <button
        type="button"
        className="link expect-this"
        aria-label={`${expected}: show in Expectations`}
        title="This connection has an expectation: show it in the Expectations panel"
        onClick={() => store.getState().openPanel('expectations')}
      >
        {expected}
      </button>
    );
  }
  return (
    <button
      type="button"
      className="expect-this"
      aria-label={`Expect this (${verdict})`}
      title={`Add an expectation that ${spec.from} → ${spec.to} on ${spec.protocol} ${spec.port} stays ${verdict}: it fails if a change of the YAML makes it ${spec.allowed ? 'denied' : 'allowed'}`}
      onClick={() => store.getState().addExpectation(spec)}
    >
      Expect this
    </button>
  );
}
