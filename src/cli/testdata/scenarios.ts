// The course scenarios with their expectations files: the CLI tests, the packed-package test and
// scripts/ci-recipe.sh all answer the same questions on them.
const C1 = 'fixtures/course/001-crash-course';
const C2 = 'fixtures/course/002-web-api-db';
const C3 = 'fixtures/course/003-legacy-default-deny';
const C4 = 'fixtures/course/004-ns1-workshop';

export interface CourseScenario {
  name: string;
  inputs: string[];
  expect: string;
  /** Options before the inputs (--semantics). */
  extra: string[];
}

export const COURSE_SCENARIOS: CourseScenario[] = [
  {
    name: '001 crash course',
    inputs: [`${C1}/cluster.yaml`, `${C1}/policies.yaml`],
    expect: `${C1}/expect.yaml`,
    extra: [],
  },
  { name: '002 web/api/db (colon fixed)', inputs: [`${C2}/fixed`], expect: `${C2}/expect.yaml`, extra: [] },
  {
    name: '003 legacy semantics',
    inputs: [`${C3}/cluster.yaml`, `${C3}/test-network-policy.yaml`],
    expect: `${C3}/expect-legacy.yaml`,
    extra: ['--semantics', 'legacy'],
  },
  {
    name: '003 current semantics',
    inputs: [`${C3}/cluster.yaml`, `${C3}/test-network-policy.yaml`],
    expect: `${C3}/expect-current.yaml`,
    extra: [],
  },
  { name: '004 step 1: open', inputs: [`${C4}/cluster.yaml`], expect: `${C4}/expect-open.yaml`, extra: [] },
  {
    name: '004 step 2: deny all',
    inputs: [`${C4}/cluster.yaml`, `${C4}/deny-all-by-default-network-policy.yaml`],
    expect: `${C4}/expect-deny-all.yaml`,
    extra: [],
  },
  {
    name: '004 step 3: allow, unlabelled',
    inputs: [`${C4}/cluster.yaml`, `${C4}/allow-network-policy.yaml`],
    expect: `${C4}/expect-allow-unlabelled.yaml`,
    extra: [],
  },
  {
    name: '004 step 4: labelled',
    inputs: [`${C4}/cluster.yaml`, `${C4}/allow-network-policy.yaml`, `${C4}/label-busybox.yaml`],
    expect: `${C4}/expect-labelled.yaml`,
    extra: [],
  },
];

/** Inputs that are not a scenario of their own but must answer the same (the broken 002 policy). */
export const COURSE_BROKEN_INPUTS: string[][] = [[`${C2}/cluster.yaml`, `${C2}/network-policy.yaml`]];
