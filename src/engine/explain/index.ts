export { explainVerdict, formatVerdict } from './explainVerdict';
export type { ExplanationStep } from './explainVerdict';
