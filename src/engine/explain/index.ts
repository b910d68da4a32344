export { explainVerdict, formatVerdict } from './explainVerdict';
export type { ExplanationStep } from './explainVerdict';
export {
  adminPoliciesSelecting,
  describeAdminPolicy,
  tierChain,
  tierLabel,
  TIER_ORDER,
  type DirectionChain,
  type TierName,
  type TierRow,
} from './tierChain';
export { representativePort } from './representativePort';
