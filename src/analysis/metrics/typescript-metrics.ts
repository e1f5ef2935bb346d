import ts from "typescript";
import { ANONYMOUS, shortName } from "./names.js";
import type { FunctionKind, FunctionMetric } from "./types.js";

/** Linguist names handled by the TypeScript parser. Linguist files `.jsx` under JavaScript; "JSX" is accepted too. */
const SCRIPT_KINDS: Readonly<Record<string, ts.ScriptKind>> = {
  TypeScript: ts.ScriptKind.TS,
  TSX: ts.ScriptKind.TSX,
  // JSX is a superset of JavaScript syntax, so parsing every .js as JSX is safe and covers .jsx.
  JavaScript: ts.ScriptKind.JSX,
  JSX: ts.ScriptKind.JSX,
};

/**
 * Where the walk is: `nodes[depth]` is the current node and `nodes[0..depth-1]` its ancestors
 * (the parser runs without parent pointers, which would cost a pass over every node).
 */
interface Position {
  text: string;
  nodes: ts.Node[];
  depth: number;
}

interface Segment {
  depth: number;
  name: string | null;
  metric: FunctionMetric | null;
}

// The compiler's namespace exposes everything through getters; read what the walk needs once.
const SK = ts.SyntaxKind;
const forEachChild = ts.forEachChild;

/** What a node kind means to the walk, as bits in a table indexed by kind (the hot path is one lookup). */
const TYPE_ONLY = 1;
const FUNCTION = 2;
const SCOPE = 4;
const DECISION = 8;
const BINARY = 16;
/** Operators of a BinaryExpression that are decisions. */
const LOGICAL = 32;
/** Wrappers that do not change which name an expression is assigned to: `(() => …) as Handler`. */
const TRANSPARENT = 64;

const ROLES = new Uint8Array(SK.Count + 1);
for (let kind = SK.FirstTypeNode; kind <= SK.LastTypeNode; kind++) ROLES[kind] = TYPE_ONLY;
ROLES[SK.InterfaceDeclaration] = TYPE_ONLY;
ROLES[SK.TypeAliasDeclaration] = TYPE_ONLY;
for (const kind of [SK.FunctionDeclaration, SK.FunctionExpression, SK.ArrowFunction, SK.MethodDeclaration, SK.Constructor, SK.GetAccessor, SK.SetAccessor]) {
  ROLES[kind] = FUNCTION;
}
for (const kind of [SK.ClassDeclaration, SK.ClassExpression, SK.ObjectLiteralExpression, SK.ModuleDeclaration]) ROLES[kind] = SCOPE;
for (const kind of [SK.IfStatement, SK.ForStatement, SK.ForInStatement, SK.ForOfStatement, SK.WhileStatement, SK.DoStatement, SK.CaseClause, SK.CatchClause, SK.ConditionalExpression]) {
  ROLES[kind] = DECISION;
}
ROLES[SK.BinaryExpression] = BINARY;
// Logical assignments short-circuit like the operators they abbreviate.
for (const kind of [SK.AmpersandAmpersandToken, SK.BarBarToken, SK.QuestionQuestionToken, SK.AmpersandAmpersandEqualsToken, SK.BarBarEqualsToken, SK.QuestionQuestionEqualsToken]) {
  ROLES[kind] = LOGICAL;
}
for (const kind of [SK.ParenthesizedExpression, SK.AsExpression, SK.SatisfiesExpression, SK.NonNullExpression, SK.TypeAssertionExpression]) {
  ROLES[kind] = TRANSPARENT;
}

/**
 * Functions of a JavaScript/TypeScript file through the TypeScript parser alone (no program,
 * no type checker, no JSDoc parsing). Returns null for a language it does not handle.
 */
export function typescriptFunctionMetrics(language: string, text: string): FunctionMetric[] | null {
  const scriptKind = SCRIPT_KINDS[language];
  if (scriptKind === undefined) return null;
  const sourceFile = ts.createSourceFile(
    scriptKind === ts.ScriptKind.TS ? "input.ts" : scriptKind === ts.ScriptKind.TSX ? "input.tsx" : "input.jsx",
    text,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    false,
    scriptKind,
  );
  return walk(sourceFile);
}

function walk(sourceFile: ts.SourceFile): FunctionMetric[] {
  const metrics: FunctionMetric[] = [];
  const segments: Segment[] = [];
  let current: FunctionMetric | null = null;
  // An explicit stack, not recursion: a 100,000-term string concatenation is a tree that deep.
  const stackNodes: ts.Node[] = [sourceFile];
  const stackDepths: number[] = [0];
  const position: Position = { text: sourceFile.text, nodes: [], depth: 0 };
  let childDepth = 0;
  const push = (child: ts.Node): void => {
    stackNodes.push(child);
    stackDepths.push(childDepth);
  };
  while (stackNodes.length > 0) {
    const node = stackNodes.pop()!;
    const depth = stackDepths.pop()!;
    position.nodes[depth] = node;
    position.depth = depth;
    if (segments.length > 0 && segments[segments.length - 1]!.depth >= depth) {
      while (segments.length > 0 && segments[segments.length - 1]!.depth >= depth) segments.pop();
      current = innermostFunction(segments);
    }
    const role = ROLES[node.kind]!;
    if (role === TYPE_ONLY) continue;
    if (role === FUNCTION) {
      const info = functionInfo(position);
      if (info) {
        const metric = makeMetric(sourceFile, node, qualify(segments, info.name), info.kind);
        metrics.push(metric);
        segments.push({ depth, name: info.name, metric });
        current = metric;
      }
    } else if (role === SCOPE) {
      segments.push({ depth, name: scopeName(position), metric: null });
    } else if (current && (role === DECISION || (role === BINARY && ROLES[(node as ts.BinaryExpression).operatorToken.kind] === LOGICAL))) {
      current.complexity += 1;
    }
    // Children are pushed in source order, then reversed so they pop in source order.
    const first = stackNodes.length;
    childDepth = depth + 1;
    forEachChild(node, push);
    reverseTail(stackNodes, first);
    reverseTail(stackDepths, first);
  }
  return metrics;
}

function reverseTail<T>(items: T[], from: number): void {
  for (let i = from, j = items.length - 1; i < j; i++, j--) {
    const item = items[i]!;
    items[i] = items[j]!;
    items[j] = item;
  }
}

function functionInfo(position: Position): { kind: FunctionKind; name: string } | null {
  const node = position.nodes[position.depth]!;
  const text = position.text;
  switch (node.kind) {
    case SK.FunctionDeclaration: {
      const fn = node as ts.FunctionDeclaration;
      if (!fn.body) return null; // overload signatures and `declare function`
      return { kind: "function", name: fn.name?.text ?? (hasDefaultModifier(fn) ? "default" : ANONYMOUS) };
    }
    case SK.FunctionExpression: {
      const fn = node as ts.FunctionExpression;
      return { kind: "function", name: fn.name?.text ?? assignedName(position) ?? ANONYMOUS };
    }
    case SK.ArrowFunction:
      return { kind: "arrow", name: assignedName(position) ?? ANONYMOUS };
    case SK.MethodDeclaration: {
      const method = node as ts.MethodDeclaration;
      return method.body ? { kind: "method", name: propertyName(text, method.name) } : null;
    }
    case SK.Constructor:
      return (node as ts.ConstructorDeclaration).body ? { kind: "constructor", name: "constructor" } : null;
    case SK.GetAccessor:
    case SK.SetAccessor: {
      const accessor = node as ts.AccessorDeclaration;
      if (!accessor.body) return null;
      return { kind: "accessor", name: `${propertyName(text, accessor.name)}.${node.kind === SK.GetAccessor ? "get" : "set"}` };
    }
    default:
      return null;
  }
}

/** A class's or namespace's own name, else what it is assigned to; an unnamed object literal adds nothing. */
function scopeName(position: Position): string | null {
  const node = position.nodes[position.depth]!;
  if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
    return node.name?.text ?? assignedName(position) ?? (hasDefaultModifier(node) ? "default" : null);
  }
  if (ts.isModuleDeclaration(node)) return ts.isIdentifier(node.name) ? node.name.text : null;
  return assignedName(position);
}

/**
 * The name an expression is given by where it stands: `const f = …`, `{ f: … }`, class field
 * `f = …`, `a.b.f = …`, `export default …`, JSX `onClick={…}`. Null when it is, say, a call argument.
 */
function assignedName(position: Position): string | null {
  const { nodes, text } = position;
  let at = position.depth;
  while (at > 0 && ROLES[nodes[at - 1]!.kind] === TRANSPARENT) at -= 1;
  if (at === 0) return null;
  const child = nodes[at]!;
  const node = nodes[at - 1]!;
  if (ts.isVariableDeclaration(node) && node.initializer === child) return ts.isIdentifier(node.name) ? node.name.text : null;
  if ((ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) && node.initializer === child) return propertyName(position.text, node.name);
  if (ts.isBinaryExpression(node) && node.right === child && node.operatorToken.kind === SK.EqualsToken) {
    return shortName(sourceText(text, node.left));
  }
  if (ts.isExportAssignment(node)) return "default";
  // `onClick={() => …}`: the attribute names the handler.
  if (node.kind === SK.JsxExpression && at >= 2) {
    const attribute = nodes[at - 2]!;
    if (ts.isJsxAttribute(attribute)) return shortName(sourceText(text, attribute.name));
  }
  return null;
}

function propertyName(text: string, name: ts.PropertyName): string {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) return shortName(`[${sourceText(text, name.expression)}]`);
  return shortName(sourceText(text, name));
}

/** Source text of a node: `getText()` needs parent pointers, which this parse does not set. */
function sourceText(text: string, node: ts.Node): string {
  return text.slice(skipTrivia(text, node.pos), node.end);
}

function hasDefaultModifier(node: ts.FunctionDeclaration | ts.ClassLikeDeclaration): boolean {
  return node.modifiers?.some((modifier) => modifier.kind === SK.DefaultKeyword) ?? false;
}

function innermostFunction(segments: readonly Segment[]): FunctionMetric | null {
  for (let i = segments.length - 1; i >= 0; i--) {
    const metric = segments[i]!.metric;
    if (metric) return metric;
  }
  return null;
}

function qualify(segments: readonly Segment[], name: string): string {
  const parts: string[] = [];
  for (const segment of segments) if (segment.name !== null) parts.push(segment.name);
  parts.push(name);
  return parts.join(".");
}

function makeMetric(sourceFile: ts.SourceFile, node: ts.Node, name: string, kind: FunctionKind): FunctionMetric {
  const startLine = sourceFile.getLineAndCharacterOfPosition(declarationStart(sourceFile, node)).line + 1;
  const endLine = sourceFile.getLineAndCharacterOfPosition(node.end).line + 1;
  return { name, kind, startLine, endLine, lines: endLine - startLine + 1, complexity: 1 };
}

/** Where the declaration itself starts: after its decorators, which TypeScript counts as part of it. */
function declarationStart(sourceFile: ts.SourceFile, node: ts.Node): number {
  const modifiers = (node as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers;
  let last: ts.ModifierLike | undefined;
  for (const modifier of modifiers ?? []) if (modifier.kind === SK.Decorator) last = modifier;
  return skipTrivia(sourceFile.text, last ? last.end : node.pos);
}

/** Skips whitespace and comments; the compiler's own `skipTrivia` is not public API. */
function skipTrivia(text: string, pos: number): number {
  for (;;) {
    const ch = text.charCodeAt(pos);
    if (ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d || ch === 0x0b || ch === 0x0c || ch === 0xa0 || ch === 0xfeff || ch === 0x2028 || ch === 0x2029) {
      pos += 1;
    } else if (ch === 0x2f && text.charCodeAt(pos + 1) === 0x2f) {
      const end = text.indexOf("\n", pos);
      if (end < 0) return text.length;
      pos = end + 1;
    } else if (ch === 0x2f && text.charCodeAt(pos + 1) === 0x2a) {
      const end = text.indexOf("*/", pos + 2);
      if (end < 0) return text.length;
      pos = end + 2;
    } else {
      return pos;
    }
  }
}
