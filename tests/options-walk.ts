/**
 * Finds every place the public API takes an options object: each parameter, of an exported
 * function, an exported class's constructor or a public method, whose declared type names an
 * `...Options` type. tests/unknown-options.test.ts proves each one refuses an unknown key.
 */
import ts from 'typescript';
import { publicApi } from './public-api.js';

/** `package: Name(1)` / `package: Class.method(0)` / `package: new Class(1)`: the parameter's index. */
export function optionParameters(packages: readonly string[]): string[] {
  const { checker, packages: apis } = publicApi(packages);
  const found = new Set<string>();
  for (const { name, symbols, owns } of apis) {
    // Generated command methods take their options through the checked command builders.
    const owned = (d: ts.Declaration) =>
      owns(d) && !d.getSourceFile().fileName.includes('/generated/');
    const record = (label: string, parameters: readonly ts.ParameterDeclaration[]) => {
      parameters.forEach((parameter, at) => {
        const text = parameter.type?.getText() ?? '';
        if (/\w*Options\b/.test(text)) found.add(`${name}: ${label}(${at})`);
      });
    };
    for (const symbol of symbols) {
      const declarations = symbol.declarations ?? [];
      if (!declarations.every(owned)) continue;
      for (const declaration of declarations) {
        if (ts.isFunctionDeclaration(declaration)) {
          record(symbol.getName(), declaration.parameters);
        }
        if (!ts.isClassDeclaration(declaration)) continue;
        if (isErrorClass(checker, declaration)) continue;
        for (const member of declaration.members) {
          const hidden =
            ts.getCombinedModifierFlags(member) &
            (ts.ModifierFlags.Private | ts.ModifierFlags.Protected);
          if (hidden || (member.name && ts.isPrivateIdentifier(member.name))) continue;
          if (ts.isConstructorDeclaration(member)) {
            record(`new ${symbol.getName()}`, member.parameters);
          } else if (ts.isMethodDeclaration(member) && member.name !== undefined) {
            record(`${symbol.getName()}.${member.name.getText()}`, member.parameters);
          }
        }
      }
    }
  }
  return [...found].sort();
}

/** Errors take options of their own (`cause`, `address`) from the library, not from users. */
function isErrorClass(checker: ts.TypeChecker, declaration: ts.ClassDeclaration): boolean {
  const type = checker.getTypeAtLocation(declaration);
  const errorType = checker.getApparentType(type);
  return (
    errorType.getProperty('stack') !== undefined && errorType.getProperty('message') !== undefined
  );
}
