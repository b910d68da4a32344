import {
  diffAnalyses,
  EMPTY_PORT_SET,
  formatPortSet,
  isPortSetEmpty,
  type Analysis,
  type Cluster,
  type PortSet,
} from '../engine/index';
import { CHANGES_LISTED, type ChangeList, type ConnectionDelta } from './protocol';

/** One analysed version of a workspace. */
export interface Model {
  cluster: Cluster;
  analysis: Analysis;
}

/** Pairs the caller counts apart (the connection drawn): endpoint REFs of each end. */
export interface Drawn {
  from: ReadonlySet<string>;
  to: ReadonlySet<string>;
}

export interface Changes extends ChangeList {
  /** With `drawn`: how many drawn pairs open (they are left out of `opened` and its count). */
  drawnOpened: number;
}

const openedText = (from: string, to: string, was: PortSet, now: PortSet) =>
  `${from} → ${to} (${formatPortSet(now)}${isPortSetEmpty(was) ? '' : `, was ${formatPortSet(was)}`})`;
const closedText = (from: string, to: string, was: PortSet, now: PortSet) =>
  `${from} → ${to} (${formatPortSet(was)}${isPortSetEmpty(now) ? '' : `, now only ${formatPortSet(now)}`})`;

/**
 * The connections that open and close from `before` to `after`, worked out with `diffAnalyses` in class
 * space: counts are exact and cost what the class edges cost; only the first `limit` pairs of each list
 * are made into text. Endpoints in one version only (a new pod, a new outside address) add their own
 * connections, from that version's row and column.
 */
export function listChanges(before: Model, after: Model, drawn?: Drawn, limit = CHANGES_LISTED): Changes {
  const diff = diffAnalyses(before, after);
  const opened: (ConnectionDelta & { at: number })[] = [];
  const closed: (ConnectionDelta & { at: number })[] = [];
  let openedCount = 0;
  let closedCount = 0;
  let drawnOpened = 0;
  const refB = (i: number) => before.cluster.endpoints[i]!.ref;
  const afterN = after.cluster.endpoints.length;
  const beforeN = before.cluster.endpoints.length;

  // Per group: members in the drawn source, in the drawn destination, and in both.
  const inFrom = diff.groups.map((g) => (drawn ? g.before.filter((i) => drawn.from.has(refB(i))).length : 0));
  const inTo = diff.groups.map((g) => (drawn ? g.before.filter((i) => drawn.to.has(refB(i))).length : 0));
  const inBoth = diff.groups.map((g) =>
    drawn ? g.before.filter((i) => drawn.from.has(refB(i)) && drawn.to.has(refB(i))).length : 0,
  );
  const isDrawn = (from: string, to: string) => Boolean(drawn?.from.has(from) && drawn.to.has(to));

  for (const change of diff.changes) {
    const gf = diff.groups[change.from]!;
    const gt = diff.groups[change.to]!;
    const same = change.from === change.to;
    const pairs = gf.before.length * gt.before.length - (same ? gf.before.length : 0);
    const opens = !isPortSetEmpty(change.added);
    const closes = !isPortSetEmpty(change.removed);
    if (opens) {
      const mine = inFrom[change.from]! * inTo[change.to]! - (same ? inBoth[change.from]! : 0);
      drawnOpened += mine;
      openedCount += pairs - mine;
    }
    if (closes) closedCount += pairs;
    const wantOpened = opens && opened.length < limit;
    const wantClosed = closes && closed.length < limit;
    if (!wantOpened && !wantClosed) continue;
    for (let i = 0; i < gf.before.length; i++) {
      for (let k = 0; k < gt.before.length; k++) {
        if (same && i === k) continue;
        if (!(opens && opened.length < limit) && !(closes && closed.length < limit)) break;
        const from = refB(gf.before[i]!);
        const to = refB(gt.before[k]!);
        const was = before.analysis.allowedPorts(gf.before[i]!, gt.before[k]!);
        const now = after.analysis.allowedPorts(gf.after[i]!, gt.after[k]!);
        if (opens && opened.length < limit && !isDrawn(from, to))
          opened.push({
            from,
            to,
            text: openedText(from, to, was, now),
            at: gf.after[i]! * afterN + gt.after[k]!,
          });
        if (closes && closed.length < limit)
          closed.push({
            from,
            to,
            text: closedText(from, to, was, now),
            at: gf.before[i]! * beforeN + gt.before[k]!,
          });
      }
    }
  }

  // Endpoints of one version only: every connection they have there opens (or closes).
  const only = (
    refs: readonly string[],
    model: Model,
    into: (ConnectionDelta & { at: number })[],
    n: number,
    opens: boolean,
  ) => {
    const index = new Map(model.cluster.endpoints.map((e) => [e.ref, e.index]));
    const own = new Set(refs.map((r) => index.get(r)!));
    let count = 0;
    const add = (from: number, to: number, ports: PortSet) => {
      const f = model.cluster.endpoints[from]!.ref;
      const t = model.cluster.endpoints[to]!.ref;
      if (opens && isDrawn(f, t)) {
        drawnOpened++;
        return;
      }
      count++;
      if (into.length >= limit) return;
      const none = EMPTY_PORT_SET;
      into.push({
        from: f,
        to: t,
        text: opens ? openedText(f, t, none, ports) : closedText(f, t, ports, none),
        at: from * n + to,
      });
    };
    for (const i of own) {
      for (const e of model.analysis.row(i)) add(e.from, e.to, e.ports);
      for (const e of model.analysis.column(i)) if (!own.has(e.from)) add(e.from, e.to, e.ports);
    }
    return count;
  };
  openedCount += only(diff.endpointsAdded, after, opened, afterN, true);
  closedCount += only(diff.endpointsRemoved, before, closed, beforeN, false);

  const ordered = (list: (ConnectionDelta & { at: number })[]) =>
    list.sort((a, b) => a.at - b.at).map(({ from, to, text }) => ({ from, to, text }));
  return { opened: ordered(opened), closed: ordered(closed), openedCount, closedCount, drawnOpened };
}
