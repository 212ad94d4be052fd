/**
 * The imports XS resolves only when the device runs: "main" is not preloaded (it touches
 * hardware), so xsl never links it, and an import of a module the build lacks, or of a name
 * that module does not export, is an "XS abort: unhandled exception" at boot, before any line
 * of ours runs, with nothing saying why (issue 14's `import System from "system"`: Moddable's
 * `system` module exports nothing). This reads mcconfig's makefile (module name -> source) and
 * says, one line per import, what would fail to link.
 *
 *   node --import tsx tools/moddable/link-check.ts <makefile> dist/moddable/main.js ...
 */
import { existsSync, readFileSync } from "node:fs";
import ts from "typescript";

/** Module name (as imported) -> its source file, from the makefile's `$(MODULES_DIR)/<name>.xsb: <source>` rules. */
export function modulesOf(makefile: string): Map<string, string> {
  const modules = new Map<string, string>();
  for (const m of readFileSync(makefile, "utf8").matchAll(/^\$\(MODULES_DIR\)\/(\S+)\.xsb: (\S+)$/gm)) {
    modules.set(m[1].replace(/^~\.([^/]+)\//, "$1:"), m[2]);
  }
  return modules;
}

interface Exports {
  names: Set<string>;
  /** `export * from`: names this check cannot see; trusted. */
  open: boolean;
}

function parse(path: string): ts.SourceFile {
  return ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
}

function hasModifier(s: ts.Statement, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(s) && (ts.getModifiers(s) ?? []).some((m) => m.kind === kind);
}

/** `export { a, b as c }`, `export * as d`; false for `export * from`. */
function addReexports(s: ts.ExportDeclaration, names: Set<string>): boolean {
  const clause = s.exportClause;
  if (!clause) return false;
  if (ts.isNamespaceExport(clause)) names.add(clause.name.text);
  else for (const e of clause.elements) names.add(e.name.text);
  return true;
}

function declaredNames(s: ts.Statement): string[] {
  if (ts.isVariableStatement(s)) return s.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  return (ts.isClassDeclaration(s) || ts.isFunctionDeclaration(s)) && s.name ? [s.name.text] : [];
}

/** `export default ...`, `export class/function/const ...`. */
function addDeclared(s: ts.Statement, names: Set<string>): void {
  if (!hasModifier(s, ts.SyntaxKind.ExportKeyword)) return;
  if (hasModifier(s, ts.SyntaxKind.DefaultKeyword)) names.add("default");
  else for (const name of declaredNames(s)) names.add(name);
}

function exportsOf(source: string): Exports {
  const names = new Set<string>();
  let open = false;
  for (const s of parse(source).statements) {
    if (ts.isExportAssignment(s)) names.add("default");
    else if (ts.isExportDeclaration(s)) open = !addReexports(s, names) || open;
    else addDeclared(s, names);
  }
  return { names, open };
}

function importedNames(clause: ts.ImportClause | undefined): string[] {
  const names: string[] = clause?.name ? ["default"] : [];
  const bindings = clause?.namedBindings;
  if (bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) names.push((e.propertyName ?? e.name).text);
  return names;
}

/** The names `module` imports from each bare specifier (relative imports are rollup's own chunks). */
function importsOf(module: string): Array<{ from: string; names: string[] }> {
  const found: Array<{ from: string; names: string[] }> = [];
  for (const s of parse(module).statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier)) continue;
    const from = s.moduleSpecifier.text;
    if (!from.startsWith(".")) found.push({ from, names: importedNames(s.importClause) });
  }
  return found;
}

/** What `module` lacks of `names` that `from` (built from `source`) should export. */
function missing(module: string, from: string, names: string[], source: string): string[] {
  // Native-only or generated-elsewhere sources cannot be read here: trusted.
  if (!/\.[cm]?js$/.test(source) || !existsSync(source)) return [];
  const exports = exportsOf(source);
  if (exports.open) return [];
  return names
    .filter((name) => !exports.names.has(name))
    .map((name) =>
      name === "default"
        ? `${module} imports the default from "${from}", but ${source} has no default export`
        : `${module} imports "${name}" from "${from}", but ${source} has no export "${name}"`,
    );
}

/** One line per import that would not link; none if all would. */
export function linkProblems(makefile: string, modules: string[]): string[] {
  const built = modulesOf(makefile);
  const problems: string[] = [];
  for (const module of modules) {
    for (const { from, names } of importsOf(module)) {
      const source = built.get(from);
      if (source) problems.push(...missing(module, from, names, source));
      else problems.push(`${module} imports "${from}", which this build does not have (add it to manifest.json)`);
    }
  }
  return problems;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, "/"))) {
  const [makefile, ...modules] = process.argv.slice(2);
  if (!makefile || modules.length === 0) {
    console.error("usage: link-check.ts <mcconfig makefile> <module.js> ...");
    process.exit(2);
  }
  const problems = linkProblems(makefile, modules);
  for (const p of problems) console.error(`link: ${p}`);
  process.exit(problems.length > 0 ? 1 : 0);
}
