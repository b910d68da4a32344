import { describe, expect, it } from 'vitest';
import { evaluateText } from './evaluateText';
import { ResponseAssembler, toMessages, type EvaluateResponse } from './protocol';

const pods = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: n, labels: {i: "${i}"}}\n`,
  ).join('---\n');
const respond = (n: number, id = 1): EvaluateResponse =>
  evaluateText({ id, text: pods(n), fileName: 'a.yaml', options: {} });

describe('a response in several messages', () => {
  it('posts the endpoints in parts ahead of the rest, and puts them back in order', () => {
    const response = respond(5);
    const messages = toMessages(response, 2);
    // Two parts of two, then the response with the fifth endpoint.
    expect(
      messages.map((m) => ('workspace' in m ? m.workspace.cluster.endpoints : m.endpoints).length),
    ).toEqual([2, 2, 1]);
    expect(messages.every((m) => m.id === 1)).toBe(true);
    const assembler = new ResponseAssembler();
    expect(assembler.receive(messages[0]!)).toBeNull();
    expect(assembler.receive(messages[1]!)).toBeNull();
    expect(assembler.receive(messages[2]!)).toEqual(response);
  });

  it('sends a small response whole, and an exact multiple of the part size with a last part', () => {
    expect(toMessages(respond(2), 2)).toHaveLength(1);
    const messages = toMessages(respond(4), 2);
    expect(messages).toHaveLength(2);
    expect(new ResponseAssembler().receive(messages[0]!)).toBeNull();
  });

  it('drops the parts of an earlier request', () => {
    const assembler = new ResponseAssembler();
    const [stalePart] = toMessages(respond(3, 1), 2);
    assembler.receive(stalePart!);
    const fresh = respond(3, 2);
    const messages = toMessages(fresh, 2);
    expect(assembler.receive(messages[0]!)).toBeNull();
    const whole = assembler.receive(messages[1]!)!;
    expect(whole.workspace.cluster.endpoints.map((e) => e.ref)).toEqual(['n/p0', 'n/p1', 'n/p2']);
    expect(whole).toEqual(fresh);
  });
});
