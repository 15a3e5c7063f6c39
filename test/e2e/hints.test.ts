import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

// Every error hint reads the same way: a lowercase imperative ("pass …", "use …", "run …"), no
// trailing period, and soloops commands in backticks. This reads the hints from the sources (the
// second argument of `new UserError(…)` and its kin, and constants named *hint) so a new one follows.

const ERRORS: Record<string, number> = {
  SoloopsError: 1,
  UserError: 1,
  ExternalError: 1,
  ThresholdError: 1,
  BugError: 1,
  IncidentVersionConflict: -1,
  AckRefused: 2,
};
// src/web (the console) has no error hints: its *hint constants are form help.
const COMMAND = /\bsoloops (init|triage|snap|watch|ack|digest|incident|status|architect|user|store|prices)\b/;

interface Hint {
  where: string;
  start: string;
  end: string;
  /** The literal text, with `…` where a value goes in. */
  text: string;
}

/** The literal pieces of a hint expression: its first text, its last text, and all of it as written. */
type Piece = Omit<Hint, 'where'>;

function pieces(node: ts.Expression): Piece[] {
  if (ts.isParenthesizedExpression(node)) return pieces(node.expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return [{ start: node.text, end: node.text, text: node.text }];
  }
  if (ts.isTemplateExpression(node)) {
    const last = node.templateSpans.at(-1)?.literal.text ?? '';
    const text = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('…');
    return [{ start: node.head.text || '…', end: last || '…', text }];
  }
  if (ts.isConditionalExpression(node)) return [...pieces(node.whenTrue), ...pieces(node.whenFalse)];
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const [left] = pieces(node.left);
    const right = pieces(node.right).at(-1);
    return left && right ? [{ start: left.start, end: right.end, text: left.text + right.text }] : [];
  }
  return []; // a variable or a call: its own declaration is checked where it is a string
}

function hintsIn(file: string): Hint[] {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Hint[] = [];
  const add = (node: ts.Expression) => {
    const where = `${path.relative(repoRoot, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    for (const piece of pieces(node)) found.push({ where, ...piece });
  };
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
      const index = ERRORS[node.expression.text];
      const hint = index !== undefined && index >= 0 ? node.arguments?.[index] : undefined;
      if (hint) add(hint);
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) {
      const owner = node.parent.parent.parent.parent;
      const base = ts.isClassDeclaration(owner) ? owner.heritageClauses?.[0]?.types[0]?.expression.getText(source) : '';
      if (base && base in ERRORS && node.arguments[1]) add(node.arguments[1]);
    }
    // A refusal handed on as { message, hint } (see src/cli/output/prompt.ts).
    if (ts.isObjectLiteralExpression(node) && node.properties.some((p) => p.name?.getText(source) === 'message')) {
      for (const p of node.properties)
        if (ts.isPropertyAssignment(p) && p.name.getText(source) === 'hint') add(p.initializer);
    }
    if (ts.isVariableDeclaration(node) && /hint$/i.test(node.name.getText(source)) && node.initializer) {
      const init = node.initializer;
      if (ts.isStringLiteralLike(init) || ts.isTemplateExpression(init) || ts.isBinaryExpression(init)) add(init);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full.endsWith(`${path.sep}src${path.sep}web`) ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const hints = sourceFiles(path.join(repoRoot, 'src')).flatMap(hintsIn);

describe('error hints', () => {
  it('are found (the scan reads the sources)', () => {
    expect(hints.length).toBeGreaterThan(100);
  });

  it('start lowercase', () => {
    expect(hints.filter((h) => /^[A-Z]/.test(h.start)).map((h) => `${h.where} ${h.text}`)).toEqual([]);
  });

  it('end without a period', () => {
    expect(hints.filter((h) => /\.$/.test(h.end) && !/\.\.\.$/.test(h.end)).map((h) => `${h.where} ${h.text}`)).toEqual(
      [],
    );
  });

  it('put soloops commands in backticks', () => {
    const bare = hints.filter((h) => COMMAND.test(h.text.replace(/`[^`]*`/g, '')));
    expect(bare.map((h) => `${h.where} ${h.text}`)).toEqual([]);
  });
});
