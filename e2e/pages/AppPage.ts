import { expect, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type { Core } from 'cytoscape';
import { namespaceId } from '../../src/ui/graph/ids';

type GraphWindow = { __netpolCy: Core };

export const fixture = (path: string) =>
  readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

/** Page object for netpol-lab: the landmarks of DESIGN 2.4 and what a person does with them. */
export class AppPage {
  readonly editorRegion: Locator;
  readonly graph: Locator;
  readonly explanation: Locator;
  readonly matrix: Locator;
  /** The footer that says whether the graph is up to date, or how many errors the YAML has. */
  readonly statusLine: Locator;

  constructor(readonly page: Page) {
    this.statusLine = page.locator('.status-line');
    this.editorRegion = page.getByRole('region', { name: 'YAML editor' });
    this.graph = page.getByRole('region', { name: 'Cluster graph' });
    this.explanation = page.getByRole('region', { name: 'Explanation' });
    this.matrix = page.getByRole('table', { name: 'Reachability matrix' });
  }

  async goto(path = '/') {
    await this.page.goto(path);
    await this.idle();
  }

  /** The graph shows the current text. */
  async idle(timeout?: number) {
    await expect(this.graph).toHaveAttribute('aria-busy', 'false', timeout ? { timeout } : undefined);
  }

  editorInput(): Locator {
    return this.editorRegion.locator('.monaco-editor textarea');
  }

  /** Replaces the editor text the way a person does: copy it to the clipboard, select all, paste. */
  async pasteIntoEditor(text: string) {
    await this.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await this.page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await this.editorRegion.locator('.monaco-editor .view-lines').click();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('ControlOrMeta+V');
    await expect.poll(() => this.editorText()).toBe(text);
    await this.idle();
  }

  async editorText(): Promise<string> {
    // A big text goes into the editor in pieces: read it once it is all in.
    await expect(this.page.getByTestId('monaco-host')).toHaveAttribute('aria-busy', 'false', {
      timeout: 60_000,
    });
    return this.page.evaluate(() =>
      (window as unknown as { __netpolEditor: { getValue(): string } }).__netpolEditor.getValue(),
    );
  }

  /** Puts the cursor at the end of a line containing `needle` and types. */
  async typeAfter(needle: string, typed: string) {
    const text = await this.editorText();
    const line = text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(line).toBeGreaterThan(0);
    await this.editorRegion.locator('.monaco-editor .view-lines').click();
    await this.page.keyboard.press('ControlOrMeta+Home');
    for (let i = 1; i < line; i++) await this.page.keyboard.press('ArrowDown');
    await this.page.keyboard.press('End');
    await this.page.keyboard.type(typed, { delay: 5 });
    // A multi-megabyte text takes seconds to evaluate again while the other test worker shares the cores.
    await this.idle(text.length > 1_000_000 ? 60_000 : undefined);
  }

  async showMatrix() {
    await this.page.getByRole('tab', { name: 'Matrix' }).click();
    await expect(this.matrix).toBeVisible();
  }

  cell(from: string, to: string): Locator {
    return this.matrix.locator(`td[data-from="${from}"][data-to="${to}"]`);
  }

  async expectCell(from: string, to: string, allowed: boolean) {
    await expect(this.cell(from, to)).toHaveAttribute('data-allowed', String(allowed));
  }

  async openFiles(files: { name: string; text: string }[]) {
    await this.page
      .getByLabel('Open manifests')
      .setInputFiles(
        files.map((f) => ({ name: f.name, mimeType: 'application/yaml', buffer: Buffer.from(f.text) })),
      );
    // A generated cluster of many megabytes is read and evaluated in the worker while the other
    // test worker shares the two cores: allow it more than the default wait.
    const size = files.reduce((n, f) => n + f.text.length, 0);
    await this.idle(size > 1_000_000 ? 60_000 : undefined);
  }

  /** Once idle, the graph holds every element of what it shows (none left in a slice not yet added). */
  async expectGraphComplete() {
    await this.idle(60_000);
    const wanted = Number(await this.graph.getAttribute('data-elements'));
    const held = await this.page.evaluate(
      () => (window as unknown as GraphWindow).__netpolCy.elements().length,
    );
    expect(held, 'elements in Cytoscape').toBe(wanted);
    return held;
  }

  async edgeIds(): Promise<string[]> {
    return this.page.evaluate(() =>
      (
        window as unknown as {
          __netpolCy: { edges(): { map(f: (e: { id(): string }) => string): string[] } };
        }
      ).__netpolCy
        .edges()
        .map((e) => e.id()),
    );
  }

  /** Clicks the rendered middle of a graph element. */
  async clickGraphElement(id: string) {
    await this.idle();
    const pos = await this.page.evaluate((elementId) => {
      const cy = (window as unknown as GraphWindow).__netpolCy;
      const el = cy.getElementById(elementId);
      const p = el.isEdge()
        ? el.renderedMidpoint()
        : (el as unknown as { renderedPosition(): { x: number; y: number } }).renderedPosition();
      const box = cy.container()!.getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    }, id);
    expect(Number.isFinite(pos.x) && Number.isFinite(pos.y), `${id} has a place on screen`).toBe(true);
    await this.page.mouse.click(pos.x, pos.y);
  }

  async nodePosition(ref: string) {
    return this.page.evaluate((r) => {
      const cy = (window as unknown as GraphWindow).__netpolCy;
      const el = cy.nodes().filter((n) => n.data('ref') === r)[0]!;
      const p = el.renderedPosition();
      const box = cy.container()!.getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    }, ref);
  }

  /** Clicks a namespace box just inside its top-left corner, away from the pods in it. */
  async clickNamespace(name: string) {
    const pos = await this.page.evaluate((id) => {
      const cy = (window as unknown as GraphWindow).__netpolCy;
      const b = cy.getElementById(id).renderedBoundingBox({ includeLabels: false });
      const box = cy.container()!.getBoundingClientRect();
      return { x: box.left + b.x1 + 5, y: box.top + b.y1 + 5 };
    }, namespaceId(name));
    await this.page.mouse.click(pos.x, pos.y);
  }

  /** The Find anything combobox in the header. */
  searchBox(): Locator {
    return this.page.getByRole('combobox', { name: 'Find anything' });
  }

  /** Focuses Find anything with Ctrl+K, as a person would, and types a query. */
  async find(query: string) {
    await this.page.keyboard.press('ControlOrMeta+K');
    await expect(this.searchBox()).toBeFocused();
    await this.page.keyboard.type(query, { delay: 10 });
    await expect(this.page.getByRole('listbox', { name: 'Found' })).toBeVisible();
  }

  /** The Focus pod combobox of the filter bar. */
  focusPodBox(): Locator {
    return this.page.getByRole('combobox', { name: 'Focus pod' });
  }

  /** The open list of Focus pod. */
  focusPodList(): Locator {
    return this.page.getByRole('listbox', { name: 'Pods to focus' });
  }

  /** Focuses a pod as a person does: types its name into Focus pod and clicks it in the list. */
  async focusPod(ref: string) {
    const box = this.focusPodBox();
    await box.click();
    await box.fill(ref);
    const exact = new RegExp(`^${ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    await this.focusPodList()
      .getByRole('option')
      .filter({ has: this.page.locator('.focus-pod-ref', { hasText: exact }) })
      .first()
      .click();
    await expect(box).toHaveValue(ref);
  }

  /** Opens Focus pod and clicks its `n`th option (from 0) of the whole list; returns the pod's ref. */
  async focusPodAt(n: number): Promise<string> {
    const box = this.focusPodBox();
    await box.click();
    await box.fill('');
    // The list is windowed: move to the option with the keyboard so it is rendered, then pick it.
    for (let i = 0; i < n; i++) await this.page.keyboard.press('ArrowDown');
    const active = this.page.locator(`[id="${await box.getAttribute('aria-activedescendant')}"]`);
    const ref = (await active.locator('.focus-pod-ref').textContent())!;
    await active.click();
    await expect(box).toHaveValue(ref);
    return ref;
  }

  /** The line the editor's cursor is on. */
  async editorCursorLine(): Promise<number> {
    return this.page.evaluate(
      () =>
        (
          window as unknown as { __netpolEditor: { getPosition(): { lineNumber: number } } }
        ).__netpolEditor.getPosition().lineNumber,
    );
  }
}
