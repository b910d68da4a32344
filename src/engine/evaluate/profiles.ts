// Ingress profiles: classes with the same ingress rules (and, where a rule names a port, the same
// container ports) get the same column, so a row computes each profile once.
import { csr } from './analysisData';

export interface Profiles {
  ingressProfile: Int32Array;
  profileRep: Int32Array;
  profileMemberOffsets: Int32Array;
  profileMembers: Int32Array;
  ruleProfileOffsets: Int32Array;
  ruleProfiles: Int32Array;
  /** Classes not isolated for ingress: every source reaches them. */
  openClasses: Int32Array;
}

export function ingressProfiles(
  classCount: number,
  ruleCount: number,
  ingressPerClass: readonly (readonly number[])[],
  ingressIsolated: Uint8Array,
  ruleNamed: Int32Array,
  classPortKeyList: readonly number[],
): Profiles {
  const profileIds = new Map<string, number>();
  const ingressProfile = new Int32Array(classCount);
  const profileRepList: number[] = [];
  for (let c = 0; c < classCount; c++) {
    const ruleList = ingressPerClass[c]!;
    const named = ruleList.some((r) => ruleNamed[r]! >= 0);
    const key = `${ingressIsolated[c]}|${ruleList.join(',')}|${named ? classPortKeyList[c] : ''}`;
    let id = profileIds.get(key);
    if (id === undefined) {
      id = profileRepList.length;
      profileIds.set(key, id);
      profileRepList.push(c);
    }
    ingressProfile[c] = id;
  }
  const membersOfProfile: number[][] = profileRepList.map(() => []);
  for (let c = 0; c < classCount; c++) membersOfProfile[ingressProfile[c]!]!.push(c);
  const profilesOfRule: number[][] = Array.from({ length: ruleCount }, () => []);
  profileRepList.forEach((rep, p) => {
    for (const r of ingressPerClass[rep]!) profilesOfRule[r]!.push(p);
  });
  const [profileMemberOffsets, profileMembers] = csr(membersOfProfile);
  const [ruleProfileOffsets, ruleProfiles] = csr(profilesOfRule);
  const openList: number[] = [];
  for (let c = 0; c < classCount; c++) if (!ingressIsolated[c]) openList.push(c);

  return {
    ingressProfile,
    profileRep: Int32Array.from(profileRepList),
    profileMemberOffsets,
    profileMembers,
    ruleProfileOffsets,
    ruleProfiles,
    openClasses: Int32Array.from(openList),
  };
}
