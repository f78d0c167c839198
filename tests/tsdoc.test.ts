/**
 * The public API is documented: every name a published package exports, and every public member
 * of an exported class, carries a TSDoc summary (what editors show on hover and what the API
 * pages are made from). Generated command methods are documented by their generator and left
 * out here; interface fields are left to review.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
/** The packages with an API of their own; `redwire` only re-exports them. */
const PACKAGES = ['protocol', 'connection', 'pubsub', 'client', 'cluster', 'cache', 'otel'];

/** `Package: name` of every exported name or public class member without a TSDoc summary. */
function undocumented(): string[] {
  const entries = PACKAGES.map((name) => join(root, 'packages', name, 'src', 'index.ts'));
  const program = ts.createProgram(entries, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    customConditions: ['@redwire/source'],
    strict: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const summary = (symbol: ts.Symbol) =>
    ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  const missing: string[] = [];
  PACKAGES.forEach((name, index) => {
    const ownDir = join(root, 'packages', name, 'src');
    const owned = (declaration: ts.Declaration) =>
      declaration.getSourceFile().fileName.startsWith(ownDir);
    const entry = program.getSourceFile(entries[index] as string) as ts.SourceFile;
    const module = checker.getSymbolAtLocation(entry) as ts.Symbol;
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol =
        exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      // A sibling's re-export is checked in its own package.
      if (!(symbol.declarations ?? []).every(owned)) continue;
      if (summary(symbol) === '') missing.push(`${name}: ${symbol.getName()}`);
      if (!(symbol.flags & ts.SymbolFlags.Class)) continue;
      for (const member of checker.getDeclaredTypeOfSymbol(symbol).getProperties()) {
        const declarations = member.declarations ?? [];
        const hidden =
          member.getName().startsWith('#') ||
          member.getName().startsWith('__@') ||
          declarations.length === 0 ||
          !declarations.every(owned) ||
          declarations.some(
            (d) =>
              d.getSourceFile().fileName.includes('/generated/') ||
              ts.getCombinedModifierFlags(d) &
                (ts.ModifierFlags.Private | ts.ModifierFlags.Protected),
          );
        if (!hidden && summary(member) === '') {
          missing.push(`${name}: ${symbol.getName()}.${member.getName()}`);
        }
      }
    }
  });
  return missing;
}

describe('public API documentation', () => {
  it('gives every exported name and public class member a TSDoc summary', () => {
    expect(undocumented()).toEqual([]);
  });
});
