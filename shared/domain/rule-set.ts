import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { error, type Issue } from './issues.ts';
import {
  AnyRuleFile,
  OverlayFile,
  RuleSetFile,
  type GradePolicy,
  type Method,
  type NodeInput,
  type Text,
} from './rule-set-schema.ts';
import { checkConsistency } from './rule-set-consistency.ts';

/** A node of a resolved rubric tree. Leaves carry a method; parents carry children. */
export interface RuleNode {
  code: string;
  title: Text;
  maxPoints: number;
  /** 0 for categories, 1 for their items, and so on. */
  depth: number;
  parent?: string | undefined;
  children: RuleNode[];
  method?: Method | undefined;
  key: boolean;
  veto?: { condition: Text } | undefined;
  naAllowed: boolean;
  guidance?: Text | undefined;
  /** A bonus category (加分项): outside the scale, added to the total up to its cap. */
  bonus?: { cap: number } | undefined;
  /** The grades the item counts toward; undefined: every grade. */
  countsFor?: string[] | undefined;
  verify?: Text | undefined;
  evidence?: Text | undefined;
}

/** A validated, resolved rule set: overlays applied, with a content fingerprint. */
export interface RuleSet {
  id: string;
  version: number;
  title: Text;
  scale: number;
  grading: z.infer<typeof GradePolicy>;
  categories: RuleNode[];
  /** sha256 over the resolved content (not the id), so any change of rules changes it. */
  fingerprint: string;
  /** The base rule set an overlay refines. */
  base?: { id: string; version: number } | undefined;
  /** Every node in sheet order (depth first). */
  nodes: RuleNode[];
  /** The scored leaves in sheet order. */
  leaves: RuleNode[];
  byCode: Map<string, RuleNode>;
}

/** The outcome of reading a rule file: a rule set, or every problem found in it. */
export type RuleSetResult = { ok: true; ruleSet: RuleSet; issues: Issue[] } | { ok: false; issues: Issue[] };

/** Loads a base rule set file by id; used to resolve an overlay's `extends`. */
export type BaseLoader = (id: string) => unknown;

/** Validates raw rule file content (parsed JSON) and resolves it, applying an overlay to its base. */
export function resolveRuleSet(raw: unknown, loadBase: BaseLoader, seen: string[] = []): RuleSetResult {
  const parsed = AnyRuleFile.safeParse(raw);
  if (!parsed.success) {
    const isOverlay = typeof raw === 'object' && raw !== null && 'extends' in raw;
    const precise = (isOverlay ? OverlayFile : RuleSetFile).safeParse(raw);
    const zodIssues = precise.success ? parsed.error.issues : precise.error.issues;
    return {
      ok: false,
      issues: zodIssues.map((i) =>
        error('rules.schema', { path: i.path.join('.') || '(root)' }, { detail: i.message }),
      ),
    };
  }
  const file = parsed.data;
  if ('extends' in file) {
    if (seen.includes(file.extends) || file.extends === file.id) {
      return { ok: false, issues: [error('rules.extends-cycle', { path: 'extends' }, { id: file.extends })] };
    }
    let baseRaw: unknown;
    try {
      baseRaw = loadBase(file.extends);
    } catch {
      return {
        ok: false,
        issues: [error('rules.extends-unknown', { path: 'extends' }, { id: file.extends })],
      };
    }
    const base = resolveRuleSet(baseRaw, loadBase, [...seen, file.id]);
    if (!base.ok) {
      return {
        ok: false,
        issues: [error('rules.extends-invalid', { path: 'extends' }, { id: file.extends })],
      };
    }
    return applyOverlay(file, base.ruleSet);
  }
  return finish({ ...file, categories: file.categories });
}

function applyOverlay(overlay: z.infer<typeof OverlayFile>, base: RuleSet): RuleSetResult {
  const issues: Issue[] = [];
  const categories = structuredClone(base.categories.map(toInput));
  const index = new Map<string, NodeInput>();
  const walk = (n: NodeInput) => {
    index.set(n.code, n);
    n.children?.forEach(walk);
  };
  categories.forEach(walk);
  overlay.splits.forEach((split, i) => {
    const target = index.get(split.code);
    if (!target)
      return issues.push(
        error('rules.overlay-unknown-code', { path: `splits.${i}.code` }, { code: split.code }),
      );
    if (target.children) {
      return issues.push(
        error('rules.overlay-split-parent', { path: `splits.${i}.code` }, { code: split.code }),
      );
    }
    target.children = split.children;
    delete target.method;
  });
  overlay.patches.forEach((patch, i) => {
    const target = index.get(patch.code);
    if (!target)
      return issues.push(
        error('rules.overlay-unknown-code', { path: `patches.${i}.code` }, { code: patch.code }),
      );
    Object.assign(target, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)));
  });
  if (issues.length > 0) return { ok: false, issues };
  return finish({
    id: overlay.id,
    version: overlay.version,
    title: overlay.title,
    scale: base.scale,
    grading: overlay.grading ?? base.grading,
    categories,
    base: { id: base.id, version: base.version },
  });
}

type Unresolved = Omit<RuleSet, 'fingerprint' | 'nodes' | 'leaves' | 'byCode' | 'categories'> & {
  categories: NodeInput[];
};

function finish(input: Unresolved): RuleSetResult {
  const issues = checkConsistency(input);
  if (issues.some((i) => i.severity === 'error')) return { ok: false, issues };
  const nodes: RuleNode[] = [];
  const build = (n: NodeInput, depth: number, parent?: string): RuleNode => {
    const node: RuleNode = {
      code: n.code,
      title: n.title,
      maxPoints: n.maxPoints,
      depth,
      parent,
      children: [],
      method: n.method,
      key: n.key ?? false,
      veto: n.veto,
      naAllowed: n.naAllowed ?? false,
      guidance: n.guidance,
      bonus: n.bonus,
      countsFor: n.countsFor,
      verify: n.verify,
      evidence: n.evidence,
    };
    nodes.push(node);
    node.children = (n.children ?? []).map((c) => build(c, depth + 1, n.code));
    return node;
  };
  const categories = input.categories.map((c) => build(c, 0));
  const content = { scale: input.scale, grading: input.grading, categories: categories.map(toInput) };
  const fingerprint = createHash('sha256').update(canonicalJson(content)).digest('hex');
  return {
    ok: true,
    issues,
    ruleSet: {
      ...input,
      categories,
      fingerprint,
      nodes,
      leaves: nodes.filter((n) => n.children.length === 0),
      byCode: new Map(nodes.map((n) => [n.code, n])),
    },
  };
}

/** Turns a resolved node back into rule-file shape (no depth or parent links). */
export function toInput(n: RuleNode): NodeInput {
  const out: NodeInput = { code: n.code, title: n.title, maxPoints: n.maxPoints };
  if (n.method) out.method = n.method;
  if (n.key) out.key = true;
  if (n.veto) out.veto = n.veto;
  if (n.naAllowed) out.naAllowed = true;
  if (n.guidance) out.guidance = n.guidance;
  if (n.bonus) out.bonus = n.bonus;
  if (n.countsFor) out.countsFor = n.countsFor;
  if (n.verify) out.verify = n.verify;
  if (n.evidence) out.evidence = n.evidence;
  if (n.children.length > 0) out.children = n.children.map(toInput);
  return out;
}

/** JSON with object keys sorted, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** Every leaf below a node (the node itself when it is a leaf). */
export function leavesOf(node: RuleNode): RuleNode[] {
  return node.children.length === 0 ? [node] : node.children.flatMap(leavesOf);
}
