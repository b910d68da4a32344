import { test, expect } from '@playwright/test';
import { AppPage } from './pages/AppPage';
import type { Page } from '@playwright/test';
import { generateCluster, toJson, toKubectlYaml } from '../bench/generate';

/** Opens a generated cluster (namespace default-deny plus per-app allow rules) in the app. */
async function openGenerated(
  page: Page,
  size: { pods: number; policies: number; namespaces: number; seed: number },
): Promise<{ app: AppPage; yaml: string }> {
  const yaml = toKubectlYaml(generateCluster({ ...size, mix: 'default-deny-apps' }));
  const app = new AppPage(page);
  await app.goto();
  await app.openFiles([{ name: 'cluster.yaml', text: yaml }]);
  return { app, yaml };
}

/**
 * Picks an option of the select labelled `label` (by value, or by index) the moment the graph is
 * being placed (hidden until laid out), from inside the page: a poll from the test can miss a graph
 * placed within a few frames. Resolves to whether the graph was still being placed after the change.
 */
function selectWhilePlacing(page: Page, label: string, option: string | number): Promise<boolean> {
  return page.evaluate(
    ([label, option]) =>
      new Promise<boolean>((resolve) => {
        const host = document.querySelector('[data-testid="graph-host"]')!;
        const select = document.querySelector(`select[aria-label="${label}"]`) as HTMLSelectElement;
        const setValue = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')!.set!;
        const value = () =>
          typeof option === 'number'
            ? select.options[option]?.value
            : [...select.options].find((o) => o.value === option)?.value;
        const watch = new MutationObserver(() => {
          const v = value();
          if (!host.classList.contains('placing') || v === undefined) return;
          watch.disconnect();
          setValue.call(select, v);
          select.dispatchEvent(new Event('change', { bubbles: true }));
          resolve(host.classList.contains('placing'));
        });
        watch.observe(host, { attributes: true });
      }),
    [label, option] as const,
  );
}

/** The rendered box around the graph's nodes, and the size of the graph's view. */
function nodesInView(page: Page) {
  return page.evaluate(() => {
    const cy = (
      window as unknown as {
        __netpolCy: {
          width(): number;
          height(): number;
          nodes(): {
            renderedBoundingBox(): { x1: number; y1: number; x2: number; y2: number; w: number; h: number };
          };
        };
      }
    ).__netpolCy;
    return { box: cy.nodes().renderedBoundingBox(), width: cy.width(), height: cy.height() };
  });
}

/**
 * Picks the first pod in Focus pod (focus the box, click the first option) as soon as the graph host
 * is placing a new graph: resolves whether it still was when the option was clicked.
 */
function focusWhilePlacing(page: Page): Promise<boolean> {
  return page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const host = document.querySelector('[data-testid="graph-host"]')!;
        const input = document.querySelector('input[aria-label="Focus pod"]') as HTMLInputElement;
        const pick = () => {
          const option = document.querySelector<HTMLElement>('[aria-label="Pods to focus"] [role="option"]');
          if (!option) return void setTimeout(pick, 0);
          option.click();
          resolve(host.classList.contains('placing'));
        };
        const watch = new MutationObserver(() => {
          if (!host.classList.contains('placing') || input.disabled) return;
          watch.disconnect();
          input.focus();
          pick();
        });
        watch.observe(host, { attributes: true });
      }),
  );
}

test('a generated 5,000-pod cluster opens: aggregated graph, grouped matrix that opens a namespace', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { app, yaml } = await openGenerated(page, { pods: 5000, policies: 500, namespaces: 60, seed: 3 });
  await expect(page.getByText(/5\d{3} endpoints: showing namespaces instead of pods/)).toBeVisible({
    timeout: 60_000,
  });
  await expect
    .poll(
      async () =>
        await app.page.evaluate(
          () =>
            (window as unknown as { __netpolCy: { nodes(): { length: number } } }).__netpolCy.nodes().length,
        ),
    )
    .toBeGreaterThan(50);
  // Nodes and then edges went in slices (of 40): all of them are there once the graph is idle, the
  // 60-odd boxes and diamonds and the 30 heaviest namespace edges.
  expect(await app.expectGraphComplete()).toBeGreaterThan(90);
  await expect(page.getByText(/Showing the 30 heaviest of \d+ connections between namespaces/)).toBeVisible();
  // The list view counts what the overview draws: namespaces, not "0 nodes".
  await expect(page.getByRole('button', { name: /Graph as a list/ })).toHaveText(
    /Graph as a list \(60 namespaces(, \d+ address(es)?)?, 30 connections\)/,
  );
  // The namespace grid has the shape of the view, so that fitted it fills both ways (a strip of
  // columns for square cells filled the width and under half the height, at half the zoom).
  const fill = async () => {
    const { box, width, height } = await nodesInView(page);
    return Math.min(box.w / width, box.h / height);
  };
  expect(await fill()).toBeGreaterThan(0.7);
  // A view that changes shape afterwards (a banner, a panel, the window) gets a grid of its shape.
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 1100, height: 1000 });
  await expect.poll(fill).toBeGreaterThan(0.7);
  await page.setViewportSize(size);
  await expect.poll(fill).toBeGreaterThan(0.7);
  // The list view lists the namespaces as buttons that focus one, as its cell does.
  await page.getByRole('button', { name: /Graph as a list/ }).click();
  await page
    .getByRole('list', { name: 'Nodes' })
    .getByRole('button', { name: /^namespace team-2: 8\d pods/ })
    .click();
  await expect(
    page.getByRole('list', { name: 'Nodes' }).getByRole('button', { name: /^namespace team-2:/ }),
  ).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: /Graph as a list/ }).click();
  // Namespace boxes and address diamonds only: no pod names to miss, so the legend does not say so.
  await expect(page.getByText(/Names are too small to show/)).toBeHidden();
  await app.showMatrix();
  // 61 groups (60 namespaces and the outside): the table knows them all, and draws those in view.
  await expect(app.matrix).toHaveAttribute('aria-rowcount', '62');
  await expect(app.matrix.locator('tbody tr[aria-rowindex]').first()).toHaveAttribute('aria-rowindex', '2');
  await app.matrix.locator('..').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(app.matrix.locator('tbody tr[aria-rowindex="62"]')).toContainText('outside the cluster');
  await app.matrix.locator('..').evaluate((el) => el.scrollTo(0, 0));
  // Windowing spacers are not cells: every <td> is a data cell of the contract.
  expect(await app.matrix.locator('td:not([data-from])').count()).toBe(0);
  await app.matrix.getByRole('button', { name: 'Open namespace team-2', exact: true }).click();
  await expect(app.matrix.locator('tbody tr').first()).toContainText('team-2/');
  const firstCell = app.matrix.locator('tbody tr').first().locator('td').nth(5);
  await firstCell.click();
  await expect(app.explanation).toContainText(/(Allowed|Denied):/);
  // Narrowing the graph to one namespace shows its pods.
  await page.getByLabel('Namespace', { exact: true }).selectOption('team-2');
  await expect(page.getByText(/showing namespaces instead of pods/)).toBeHidden();
  // The 16 MB text went into the editor in pieces (read-only until whole), without an undo record;
  // "Undo open" brings the lesson back.
  // Compared as a boolean: a failing toBe on two 16 MB strings spends minutes on a diff.
  const inEditor = await app.editorText();
  expect(inEditor.length).toBe(yaml.length);
  expect(inEditor === yaml).toBe(true);
  // 550,000 lines: Monaco would make a model it is given whole a large one (never tokenized, drawn
  // line for line); the text given in pieces gets one too.
  const model = () =>
    page.evaluate(() => {
      const m = (
        window as unknown as {
          __netpolEditor: { getModel(): { getLanguageId(): string; isTooLargeForTokenization(): boolean } };
        }
      ).__netpolEditor.getModel();
      return { language: m.getLanguageId(), large: m.isTooLargeForTokenization() };
    });
  expect(await model()).toEqual({ language: 'plaintext', large: true });
  await page.getByRole('button', { name: 'Undo open' }).click();
  await expect(page.locator('.status-line')).toContainText('2 pods/workloads');
  expect(await app.editorText()).toContain('name: http-echo');
  // The lesson back in an ordinary model: coloured YAML again.
  await expect.poll(model).toEqual({ language: 'yaml', large: false });
});

test('a 1,000-pod cluster (3 MB) goes into the editor in pieces, stays YAML and is editable once whole', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const { app, yaml } = await openGenerated(page, { pods: 1000, policies: 100, namespaces: 50, seed: 5 });
  await expect(page.locator('.status-line')).toContainText('1000 pods/workloads', { timeout: 60_000 });
  const inEditor = await app.editorText();
  expect(inEditor.length).toBe(yaml.length);
  expect(inEditor === yaml).toBe(true);
  // Under the plain-text limit the text is YAML (coloured, validated) once whole.
  const language = await page.evaluate(() =>
    (window as unknown as { __netpolEditor: { getModel(): { getLanguageId(): string } } }).__netpolEditor
      .getModel()
      .getLanguageId(),
  );
  expect(language).toBe('yaml');
  // Writable again once whole: typing reaches the text.
  await app.typeAfter('apiVersion: v1', ' # checked');
  expect((await app.editorText()).split('\n', 1)[0]).toBe('apiVersion: v1 # checked');
});

test('a dense 100-pod cluster is drawn fitted to its view, banner included: every node is visible', async ({
  page,
}) => {
  const { app } = await openGenerated(page, { pods: 100, policies: 20, namespaces: 5, seed: 42 });
  // The banner saying the connections are too many to draw takes height from the graph, which is
  // fitted to the room that is left (and again whenever that changes, until the view is moved).
  await expect(page.getByText(/allowed connections are too many to draw legibly/)).toBeVisible();
  await app.idle();
  const allInView = async () => {
    const { box, width, height } = await nodesInView(page);
    return box.x1 >= 0 && box.y1 >= 0 && box.x2 <= width && box.y2 <= height;
  };
  await expect.poll(allInView).toBe(true);
  // Zoomed in, part of it leaves the view; Fit (and Alt+F) bring all of it back.
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(allInView).toBe(false);
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  await expect.poll(allInView).toBe(true);
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(allInView).toBe(false);
  await page.keyboard.press('Alt+f');
  await expect.poll(allInView).toBe(true);
  // Labelling waits for a selection, in place: selecting a pod does not grow the toolbars or the
  // banner, which would shrink the graph and refit it (every element redrawn at a new zoom).
  await expect(page.getByRole('button', { name: 'Apply labels' })).toBeDisabled();
  const hostSize = () => page.getByTestId('graph-host').boundingBox();
  const sizeBefore = await hostSize();
  // Focusing a pod draws all its connections, as many as the banner says, a hub's hundred-odd too.
  const counts: number[] = [];
  for (const k of [0, 1, 2]) {
    await app.focusPodAt(k);
    const banner = page.getByText(/Showing the \d+ of the focused pod/);
    await expect(banner).toBeVisible();
    const shown = Number(/Showing the (\d+)/.exec((await banner.textContent()) ?? '')![1]);
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            (window as unknown as { __netpolCy: { edges(): { length: number } } }).__netpolCy.edges().length,
        ),
      )
      .toBe(shown);
    counts.push(shown);
    expect(await hostSize()).toEqual(sizeBefore);
  }
  await expect(page.getByRole('button', { name: 'Apply labels' })).toBeEnabled();
  expect(Math.max(...counts)).toBeGreaterThan(120);
});

test('a filter changed while a new graph is still going in leaves the graph whole', async ({ page }) => {
  test.setTimeout(90_000);
  const yaml = toKubectlYaml(
    generateCluster({ pods: 1000, policies: 100, namespaces: 50, seed: 7, mix: 'default-deny-apps' }),
  );
  const app = new AppPage(page);
  await app.goto();
  // The namespace view goes in a slice per task, hidden until laid out: change the filter meanwhile,
  // from inside the page (a poll from here can miss a graph that is placed within a few frames).
  const changed = selectWhilePlacing(page, 'Namespace', 'team-3');
  await page
    .getByLabel('Open manifests')
    .setInputFiles({ name: 'cluster.yaml', mimeType: 'application/yaml', buffer: Buffer.from(yaml) });
  expect(await changed).toBe(true);
  await expect(page.getByLabel('Namespace', { exact: true })).toHaveValue('team-3');
  expect(await app.expectGraphComplete()).toBeGreaterThan(10);
  await expect(page.getByText(/showing namespaces instead of pods/)).toBeHidden();
  // Back to every namespace: the aggregated view is whole again.
  await page.getByLabel('Namespace', { exact: true }).selectOption('all');
  await expect(page.getByText(/showing namespaces instead of pods/)).toBeVisible();
  expect(await app.expectGraphComplete()).toBeGreaterThan(50);
});

test('a pod focused while a new graph is being laid out: the graph settles, showing the focus', async ({
  page,
}) => {
  const yaml = toKubectlYaml(
    generateCluster({ pods: 100, policies: 20, namespaces: 5, seed: 42, mix: 'default-deny-apps' }),
  );
  const app = new AppPage(page);
  await app.goto();
  // Hidden until the layout worker answers: focus a pod in that moment (new edges, no new nodes), from
  // inside the page, as a click would arrive too late to be sure.
  const focused = focusWhilePlacing(page);
  await page
    .getByLabel('Open manifests')
    .setInputFiles({ name: 'cluster.yaml', mimeType: 'application/yaml', buffer: Buffer.from(yaml) });
  expect(await focused).toBe(true);
  await app.idle();
  await expect(page.getByText(/Showing the \d+ of the focused pod/)).toBeVisible();
  await app.expectGraphComplete();
});

test('a graph fitted too small to read pod names says so, until zoomed in far enough to draw them', async ({
  page,
}) => {
  const { app } = await openGenerated(page, { pods: 100, policies: 20, namespaces: 5, seed: 42 });
  await app.idle();
  const legend = page.getByLabel('Graph legend');
  const hint = legend.getByText(/Names are too small to show at this zoom/);
  await expect(hint).toBeVisible();
  const zoomIn = page.getByRole('button', { name: 'Zoom in' });
  for (let i = 0; i < 8 && (await hint.isVisible()); i++) {
    await zoomIn.click();
    await page.waitForTimeout(100);
  }
  await expect(hint).toBeHidden();
  // Back out: the hint returns.
  await page.getByRole('button', { name: 'Fit' }).click();
  await expect(hint).toBeVisible();
});

test('a bad label in a big JSON export is marked at its key, and the problem leads to it', async ({
  page,
}) => {
  test.setTimeout(90_000);
  // Over 100 kB of JSON is read by JSON.parse, without a position per node: the finding's position is
  // found again in its List item.
  const items = generateCluster({
    pods: 300,
    policies: 30,
    namespaces: 15,
    seed: 5,
    mix: 'default-deny-apps',
  });
  const pod = items.filter((i) => i.kind === 'Pod')[200] as { metadata: { labels: Record<string, string> } };
  pod.metadata.labels['bad key'] = 'x';
  const json = toJson(items);
  expect(json.length).toBeGreaterThan(100_000);
  const line = json.split('\n').findIndex((l) => l.includes('"bad key"')) + 1;
  const app = new AppPage(page);
  await app.goto();
  await app.openFiles([{ name: 'cluster.json', text: json }]);
  await page.getByRole('tab', { name: /Problems/ }).click();
  const problem = page
    .getByRole('list', { name: 'Problems' })
    .getByRole('button', { name: `error at line ${line}: invalid label key "bad key"`, exact: false });
  await expect(problem).toHaveText(`line ${line}:${json.split('\n')[line - 1]!.indexOf('"bad key"') + 1}`);
  await problem.click();
  await expect(app.editorRegion.locator('.view-line', { hasText: '"bad key": "x"' })).toBeVisible();
  await expect(app.editorRegion.locator('.squiggly-error').first()).toBeAttached();
});

test('in a big JSON export, Show in YAML for the allowing rule lands on the rule, not its policy', async ({
  page,
}) => {
  // Over 100 kB, JSON is read by JSON.parse and a rule first gets its policy's range; the page finds
  // the rule in it when the explanation shows it.
  const pod = (name: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'ns-1', labels: { app: name } },
    spec: { containers: [{ name, image: 'x', ports: [{ containerPort: 80 }] }] },
  });
  const rule = (app: string) => ({ from: [{ podSelector: { matchLabels: { app } } }] });
  const items = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'ns-1', annotations: { pad: 'x'.repeat(120_000) } },
    },
    pod('http-echo'),
    pod('busybox'),
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow', namespace: 'ns-1' },
      spec: { podSelector: { matchLabels: { app: 'http-echo' } }, ingress: [rule('other'), rule('busybox')] },
    },
  ];
  const json = JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2);
  const lines = json.split('\n');
  // The second rule's opening brace: the line before its `"from": [`, the second such line.
  const fromLines = lines.flatMap((l, i) => (l.trim() === '"from": [' ? [i + 1] : []));
  const ruleLine = fromLines[1]! - 1;
  expect(lines[ruleLine - 1]!.trim()).toBe('{');
  const app = new AppPage(page);
  await app.goto();
  await app.openFiles([{ name: 'cluster.json', text: json }]);
  await app.showMatrix();
  await app.cell('ns-1/busybox', 'ns-1/http-echo').click();
  await expect(app.explanation).toContainText('its ingress rule 2 admits from ns-1/busybox');
  const show = app.explanation.getByRole('button', { name: /Show in YAML: Ingress allowed/ });
  await expect(show).toHaveText(`Show in YAML (line ${ruleLine})`);
  await show.click();
  await expect(app.editorRegion.locator('.revealed-line').first()).toBeAttached();
});
