import type { PolicyPort } from '../types';
import {
  EMPTY_PORT_SET,
  FULL_PORT_SET,
  formatPortSet,
  portSetOf,
  protocolPortSet,
  unionPortSets,
} from '../match/index';

/** A rule's ports in words, as the audit prints them: `all ports`, `TCP 80, 443`, named ports by name. */
export function formatPolicyPorts(ports: readonly PolicyPort[]): string {
  if (ports.length === 0) return 'all ports';
  let set = EMPTY_PORT_SET;
  const named: string[] = [];
  for (const p of ports) {
    if (p.port === undefined) set = unionPortSets(set, protocolPortSet(p.protocol));
    else if (typeof p.port === 'number')
      set = unionPortSets(set, portSetOf(p.protocol, p.port, p.endPort ?? p.port));
    else named.push(`${p.protocol} ${p.port}`);
  }
  return [
    ...(set === EMPTY_PORT_SET ? [] : [set === FULL_PORT_SET ? 'all ports' : formatPortSet(set)]),
    ...named,
  ].join(' · ');
}
