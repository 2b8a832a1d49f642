export { buildHorizonModel, type HorizonModel } from './model.ts';
export { planMyopic, type MyopicPlan } from './myopic.ts';
export { scoreHorizonPlan, walkSequence } from './plan-score.ts';
export { solveHorizon, type HorizonSolveOptions, type HorizonSolveOutcome } from './solve-horizon.ts';
export { weekProblem } from './week-problem.ts';
