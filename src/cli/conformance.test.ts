// The conformance cases of the network-policy API (fixtures/network-policy-api/README.md gives the
// upstream test of each), run through `netpol-lab assert` as a user would.
import { describe, expect, it } from 'vitest';
import { main } from './main';

const D = 'fixtures/network-policy-api';
const I = `${D}/integration-anp-np-banp`;
const P = `${D}/priority-field`;

async function assert(expectFile: string, paths: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['assert', '--expect', expectFile, `${D}/cluster.yaml`, ...paths], {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
  });
  return { code, stdout, stderr };
}

describe('network-policy API conformance cases', () => {
  it.each([
    [
      'AdminNetworkPolicyIntegration: ANP Deny',
      `${I}/expect-anp-deny.yaml`,
      [`${I}/anp-deny.yaml`, `${I}/network-policy.yaml`, `${I}/banp.yaml`],
    ],
    [
      'AdminNetworkPolicyIntegration: ANP Pass, NetworkPolicy allows',
      `${I}/expect-pass-to-np.yaml`,
      [`${I}/anp-pass.yaml`, `${I}/network-policy.yaml`, `${I}/banp.yaml`],
    ],
    [
      'AdminNetworkPolicyIntegration: ANP Pass, no NetworkPolicy, BANP denies',
      `${I}/expect-pass-to-banp.yaml`,
      [`${I}/anp-pass.yaml`, `${I}/banp.yaml`],
    ],
    [
      'AdminNetworkPolicyPriorityField: Deny at 50 before Pass at 60',
      `${P}/expect-60.yaml`,
      [`${P}/policies-60.yaml`],
    ],
    [
      'AdminNetworkPolicyPriorityField: Pass at 40 hands over to the BANP Allow',
      `${P}/expect-40.yaml`,
      [`${P}/policies-40.yaml`],
    ],
  ])('%s', async (_name, expectFile, paths) => {
    const r = await assert(expectFile, paths);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n').pop()).toBe('4 passed, 0 failed');
    expect(r.code).toBe(0);
  });

  it('a case fails when a policy is missing (the expectations depend on the policies)', async () => {
    const r = await assert(`${I}/expect-anp-deny.yaml`, [`${I}/network-policy.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('0 passed, 4 failed');
  });

  it('explain prints the tier chain: the admin Pass, then the NetworkPolicy that decides', async () => {
    let stdout = '';
    const code = await main(
      [
        'explain',
        '--from',
        'network-policy-conformance-slytherin/draco-malfoy',
        '--to',
        'network-policy-conformance-gryffindor/harry-potter',
        '--port',
        '80',
        `${D}/cluster.yaml`,
        `${I}/anp-pass.yaml`,
        `${I}/network-policy.yaml`,
        `${I}/banp.yaml`,
      ],
      { stdout: (s) => (stdout += s), stderr: () => {} },
    );
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('Ingress'))).toEqual([
      'Ingress: AdminNetworkPolicy pass-example (priority 10), ingress rule 1 `deny-all-ingress-from-slytherin` passes from network-policy-conformance-slytherin/draco-malfoy on TCP 80 to the NetworkPolicy tier (Pass).',
      expect.stringMatching(
        /^Ingress allowed: NetworkPolicy network-policy-conformance-gryffindor\/allow-gress-from-to-slytherin-to-gryffindor selects .* ingress rule 1 admits/,
      ),
    ]);
    expect(lines[lines.length - 1]).toMatch(/^Allowed: /);
  });
});
