// The graph's expectation markers: kept in step with the results, and named in the legend.
import { useEffect, useMemo } from 'react';
import { useAppStore, selectExpectationResults, selectExpectations } from '../../state/store';
import { getGraphController, onGraphController } from '../graph/graphRegistry';
import { expectationMarks } from './expectationMarks';

/** Keeps the graph's expectation markers in step with the results (mounted with the graph). */
export function useExpectationMarks() {
  const list = useAppStore(selectExpectations);
  const results = useAppStore(selectExpectationResults);
  const text = useAppStore((s) => s.evaluatedText);
  const marks = useMemo(() => expectationMarks(list, results, text), [list, results, text]);
  useEffect(() => {
    getGraphController()?.setMarks(marks);
    return onGraphController((controller) => controller?.setMarks(marks));
  }, [marks]);
}

/** The legend's line for expectation markers, while there are expectations. */
export function ExpectationLegendItem() {
  const count = useAppStore((s) => s.expectations.length);
  if (count === 0) return null;
  return (
    <span>
      <span className="swatch line-expect-fail" aria-hidden="true" /> expectation: ✓ holds (dotted, ●), ✗
      fails (thick, ◆)
    </span>
  );
}
