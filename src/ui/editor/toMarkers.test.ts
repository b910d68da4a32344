import { describe, expect, it } from 'vitest';
import { parseText } from '../../engine/index';
import { toMarkers } from './toMarkers';

describe('toMarkers', () => {
  it('puts each engine diagnostic at its line and column with its severity', () => {
    const { diagnostics } = parseText(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: {"bad key": x}\n---\nkind: Pod\nmetadata: [\n',
    );
    const markers = toMarkers(diagnostics, 8);
    const label = markers.find((m) => m.code === 'label-key')!;
    expect(label).toMatchObject({ severity: 8, startLineNumber: 5 });
    expect(markers.find((m) => m.code === 'yaml-syntax')!.startLineNumber).toBeGreaterThanOrEqual(8);
    expect(
      markers.every(
        (m) => m.endLineNumber <= 8 && (m.endLineNumber > m.startLineNumber || m.endColumn > m.startColumn),
      ),
    ).toBe(true);
  });
});
