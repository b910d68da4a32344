// The explain module's public entry: a verdict as structured reasons and as text.
export { explainVerdict, formatVerdict } from './explainVerdict';
export type { ExplanationStep } from './explainVerdict';
export { describeAdminPolicy } from '../evaluate/adminTiers';
export {
  adminPoliciesSelecting,
  tierChain,
  tierLabel,
  TIER_ORDER,
  type DirectionChain,
  type TierName,
  type TierRow,
} from './tierChain';
export { representativePort } from './representativePort';
