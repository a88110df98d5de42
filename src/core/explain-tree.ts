/**
 * Explanation chains (explain.ts) merged into one tree: chains that share their way back to the
 * attack print that shared part once. Each chain runs from a failed facility back to an initial
 * failure; the tree runs the other way, from the initial failures outwards.
 */
import type { ExplanationStep } from './explain.ts';

export interface ExplanationNode {
  /** Facility index. */
  facility: number;
  /** The step's sentence (why this facility fails). */
  text: string;
  children: ExplanationNode[];
}

/**
 * The chains as a forest: roots are initial failures, a child is a facility whose trigger is
 * its parent. Steps are matched by facility along the path from the root, so a facility
 * reached by two different paths appears under each. Roots and children keep the order in
 * which the chains first reach them. Inputs are not changed.
 * @example chainTree(losses.map((v) => explainFailure(inventory, graph, result, v)))
 */
export function chainTree(chains: readonly (readonly ExplanationStep[])[]): ExplanationNode[] {
  const roots: ExplanationNode[] = [];
  for (const chain of chains) {
    let level = roots;
    for (let k = chain.length - 1; k >= 0; k--) {
      const step = chain[k]!;
      let node = level.find((n) => n.facility === step.facility);
      if (!node) {
        node = { facility: step.facility, text: step.text, children: [] };
        level.push(node);
      }
      level = node.children;
    }
  }
  return roots;
}

/** The tree's nodes depth first, each with its depth (roots at 0), as the PDF prints them. */
export function flattenTree(
  roots: readonly ExplanationNode[],
): { depth: number; node: ExplanationNode }[] {
  const out: { depth: number; node: ExplanationNode }[] = [];
  const visit = (node: ExplanationNode, depth: number) => {
    out.push({ depth, node });
    for (const child of node.children) visit(child, depth + 1);
  };
  for (const root of roots) visit(root, 0);
  return out;
}
