/// <reference lib="webworker" />
import { evaluateText } from './evaluateText';
import type { EvaluateRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<EvaluateRequest>) => {
  const response = evaluateText(event.data);
  const d = response.data;
  // Typed arrays are transferred, not copied.
  const transfer = [
    d.classOf,
    d.memberOffsets,
    d.members,
    d.classExternal,
    d.rulePeers,
    d.rulePorts,
    d.ruleNamed,
    d.namedPorts,
    d.classPortKey,
    d.ingressIsolated,
    d.egressIsolated,
    d.ingressOffsets,
    d.ingressRules,
    d.egressOffsets,
    d.egressRules,
    d.ingressProfile,
    d.profileRep,
    d.profileMemberOffsets,
    d.profileMembers,
    d.ruleProfileOffsets,
    d.ruleProfiles,
    d.openClasses,
    ...(d.classEdges ? [d.classEdges.from, d.classEdges.to, d.classEdges.ports] : []),
  ].map((a) => a.buffer as ArrayBuffer);
  self.postMessage(response, [...new Set(transfer)]);
};
