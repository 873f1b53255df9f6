/**
 * The annotation flows (METHODS.md §3) and how many candidates each shows:
 * pair = two outcomes (A, B); ranking = DeformPAM elimination over K = 8; triplet = RAPL's three.
 */
import { z } from 'zod';

export const FLOWS = ['pair', 'ranking', 'triplet'] as const;
export const FlowSchema = z.enum(FLOWS);
export type Flow = z.infer<typeof FlowSchema>;

/** Candidates per query in each flow (ranking: K = 8, as in DeformPAM). */
export const FLOW_CANDIDATES: Readonly<Record<Flow, number>> = { pair: 2, ranking: 8, triplet: 3 };
