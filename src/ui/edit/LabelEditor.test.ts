import { describe, expect, it } from 'vitest';
import { labelChanges } from './LabelEditor';

describe('the label box', () => {
  it('holds the whole set: a label taken out is removed, key- removes too, the rest is set', () => {
    expect(labelChanges({ run: 'busybox', tier: 'x' }, 'run=busybox app=web')).toEqual({
      labels: { run: 'busybox', app: 'web', tier: null },
    });
    expect(labelChanges({ run: 'busybox' }, 'run- app=web')).toEqual({ labels: { run: null, app: 'web' } });
    expect(labelChanges({}, 'bad key')).toHaveProperty('error');
  });
});
