import { describe, expect, it } from 'vitest';
import { readGhostForm } from './ghostForm';

const fields = {
  name: 'web',
  namespace: 'shop',
  labels: 'app=frontend\n\ntier = web',
  ports: 'http 8080\ndns 53/udp',
};

describe('readGhostForm', () => {
  it('reads labels and ports', () => {
    expect(readGhostForm(fields)).toEqual({
      errors: null,
      ghost: {
        name: 'web',
        namespace: 'shop',
        labels: { app: 'frontend', tier: 'web' },
        ports: [
          { name: 'http', containerPort: 8080, protocol: 'TCP' },
          { name: 'dns', containerPort: 53, protocol: 'UDP' },
        ],
      },
    });
  });

  it('reports each problem at its field and line, by the engine rules', () => {
    const read = readGhostForm({
      name: 'Web',
      namespace: '',
      labels: 'app=frontend\nnoequals\nbad key=x\napp=<b>hi</b>',
      ports: '8080\nhttp 70000\nTooLong-name-here 80\n53/ICMP',
    });
    expect(read.ghost).toBeNull();
    expect(read.errors).toEqual({
      name: [expect.stringContaining('pod name "Web" is not valid')],
      namespace: [expect.stringContaining('namespace "" is not valid: it is empty')],
      labels: [
        'line 2: write key=value ("noequals" has no "=")',
        expect.stringContaining('line 3: invalid label key "bad key"'),
        expect.stringContaining('line 4: invalid label value "<b>hi</b>"'),
        'line 4: the key "app" is set twice',
      ],
      ports: [
        'line 4: protocol "ICMP" must be TCP, UDP or SCTP',
        'line 2: port 70000 is out of range 1-65535',
        expect.stringContaining('line 3: invalid port name "TooLong-name-here"'),
      ],
    });
  });

  it('does not read the name of a question', () => {
    expect(readGhostForm({ ...fields, name: '' }, true).errors).toBeNull();
  });
});
