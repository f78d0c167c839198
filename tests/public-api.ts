/**
 * The published packages' public API as the TypeScript checker sees it, for the tests that walk
 * it (tsdoc.test.ts: every export documented; options-walk.ts: every options parameter
 * checked): each package's exported symbols that it declares itself, a sibling's re-exports
 * left to that sibling.
 */
import { join } from 'node:path';
import ts from 'typescript';

const root = join(import.meta.dirname, '..');

/** One package's own exports. */
export interface PackageExports {
  readonly name: string;
  /** Exported symbols declared in this package (aliases resolved). */
  readonly symbols: readonly ts.Symbol[];
  /** Whether a declaration is this package's (a generated file counts as the package's). */
  readonly owns: (declaration: ts.Declaration) => boolean;
}

/** The checker over the packages' sources, and each package's own exports. */
export function publicApi(packages: readonly string[]): {
  checker: ts.TypeChecker;
  packages: PackageExports[];
} {
  const entries = packages.map((name) => join(root, 'packages', name, 'src', 'index.ts'));
  const program = ts.createProgram(entries, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    customConditions: ['@redwire/source'],
    strict: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  return {
    checker,
    packages: packages.map((name, index) => {
      const ownDir = join(root, 'packages', name, 'src');
      const owns = (declaration: ts.Declaration) =>
        declaration.getSourceFile().fileName.startsWith(ownDir);
      const entry = program.getSourceFile(entries[index] as string) as ts.SourceFile;
      const module = checker.getSymbolAtLocation(entry) as ts.Symbol;
      const symbols = checker
        .getExportsOfModule(module)
        .map((exported) =>
          exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported,
        )
        .filter((symbol) => {
          const declarations = symbol.declarations ?? [];
          return declarations.length > 0 && declarations.every(owns);
        });
      return { name, symbols, owns };
    }),
  };
}
