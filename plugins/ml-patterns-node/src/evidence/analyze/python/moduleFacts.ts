import type { SyntaxNode } from '@lezer/common';
import type { CallArguments } from './syntax';

/**
 * The facts a `PythonModule` reads from one module's syntax tree: imports,
 * definitions, assignments and calls with the context they run in. Kept
 * apart from the reader so the analyses that only use the facts need not
 * depend on how they are read.
 */

/** A name bound by an import. */
export interface ImportBinding {
  /** The name bound in this module. */
  local: string;
  /** Dotted module as written, leading dots for relative imports (`..core.config`). */
  module: string;
  /** For `from module import name`: the name imported. */
  name?: string;
  line: number;
  /** The arm of an `if`/`try`/`match` the import statement sits in. */
  arm?: BranchArm;
}

export interface Parameter {
  name: string;
  /** Position among the positional parameters (self/cls excluded), -1 for keyword-only and `*`/`**`. */
  index: number;
  default?: SyntaxNode;
}

export interface FunctionInfo {
  name: string;
  node: SyntaxNode;
  line: number;
  params: Parameter[];
  /** The class of a method. */
  owner?: ClassInfo;
  /** The function a nested function is defined in. */
  parent?: FunctionInfo;
  decorators: string[];
  returns: SyntaxNode[];
}

export interface ClassInfo {
  name: string;
  node: SyntaxNode;
  line: number;
  /** Base classes as dotted names (`BaseSettings`, `pydantic_settings.BaseSettings`). */
  bases: string[];
  decorators: string[];
  methods: Map<string, FunctionInfo>;
  /** The function a class is defined in (rare). */
  parent?: FunctionInfo;
}

/** A loop or comprehension variable in scope of a call, with what it iterates over. */
export interface LoopVariable {
  names: string[];
  iter?: SyntaxNode;
}

/** One arm of an `if`/`try` statement a call sits in: calls in different arms of one statement are alternatives. */
export interface BranchArm {
  statement: number;
  arm: number;
}

export interface Assignment {
  /** `x`, `self.x`, `settings.path`, `models` (for `models[k] = …`). */
  target: string;
  /** The assigned expression; undefined for an annotation without a value. */
  value?: SyntaxNode;
  /** For `a, b = f()`: the position unpacked. */
  unpack?: number;
  kind: 'assign' | 'annotation' | 'with' | 'for';
  /** Inside an `if`/`try` arm or a loop of its scope: it may not run, so an earlier value may stand. */
  conditional: boolean;
  line: number;
  from: number;
  fn?: FunctionInfo;
  /** Set for assignments in a class body (class attributes, settings fields). */
  cls?: ClassInfo;
}

export interface CallInfo {
  node: SyntaxNode;
  callee: SyntaxNode;
  /** The callee as a dotted name, when it is one (`joblib.load`, `self.load`). */
  dotted?: string;
  /** Read when first asked for (most calls are never looked at). */
  readonly args: CallArguments;
  readonly line: number;
  fn?: FunctionInfo;
  cls?: ClassInfo;
  inMainGuard: boolean;
  arms: BranchArm[];
  loops: LoopVariable[];
  /** The name the call's result is assigned to (`scaler = joblib.load(…)` → `scaler`). */
  bound?: string;
}
