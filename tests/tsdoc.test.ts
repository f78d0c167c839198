/**
 * The public API is documented: every name a published package exports, and every public member
 * of an exported class, carries a TSDoc summary (what editors show on hover and what the API
 * pages are made from). Generated command methods are documented by their generator and left
 * out here; interface fields are left to review.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { publicApi } from './public-api.js';

/** The packages with an API of their own; `redwire` only re-exports them. */
const PACKAGES = ['protocol', 'connection', 'pubsub', 'client', 'cluster', 'cache', 'otel'];

/** `Package: name` of every exported name or public class member without a TSDoc summary. */
function undocumented(): string[] {
  const { checker, packages } = publicApi(PACKAGES);
  const summary = (symbol: ts.Symbol) =>
    ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  const missing: string[] = [];
  for (const { name, symbols, owns: owned } of packages) {
    for (const symbol of symbols) {
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
  }
  return missing;
}

describe('public API documentation', () => {
  it('gives every exported name and public class member a TSDoc summary', () => {
    expect(undocumented()).toEqual([]);
  });
});
