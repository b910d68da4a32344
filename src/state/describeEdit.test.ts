import { describe, expect, it } from 'vitest';
import { changedLines, describeEdit } from './describeEdit';

describe('describing an edit', () => {
  it('finds the lines an insertion wrote, in the new text', () => {
    const before = 'a: 1\nb: 2\nc: 3\n';
    const after = 'a: 1\nb: 2\n  x: 9\n  y: 8\nc: 3\n';
    expect(changedLines(before, after)).toEqual({ line: 3, endLine: 4 });
  });

  it('points at the line where a removal was', () => {
    expect(changedLines('a: 1\nb: 2\nc: 3\n', 'a: 1\nc: 3\n')).toEqual({ line: 2, endLine: 2 });
  });

  it('says what was done, in words', () => {
    expect(describeEdit({ type: 'add-default-deny', namespace: 'web', policyTypes: ['Ingress'] })).toEqual({
      action: 'Denied all ingress in namespace web',
      policy: 'in',
    });
    expect(
      describeEdit({
        type: 'set-labels',
        kind: 'Pod',
        namespace: 'ns-1',
        name: 'busybox',
        labels: { app: 'busybox' },
      }).action,
    ).toBe('Changed the labels of Pod ns-1/busybox');
    expect(
      describeEdit({
        type: 'add-object',
        yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\n',
      }).action,
    ).toBe('Added Pod shop/web');
  });
});
