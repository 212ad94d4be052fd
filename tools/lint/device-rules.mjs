// ESLint rules for code that runs on the device (src/): what Moddable's preload, the ESP32's
// 512-slot stack and Espruino's interpreter do not forgive. Each message says why.

const PRELOAD = "preloaded modules are frozen on the device (Moddable's linker puts them in flash)";

/** The declarations of a module's top level, exported or not. */
function topLevelDeclarations(program) {
  const out = [];
  for (const node of program.body) {
    const decl = node.type === "ExportNamedDeclaration" || node.type === "ExportDefaultDeclaration" ? node.declaration : node;
    if (decl) out.push(decl);
  }
  return out;
}

function isRegexWithState(node) {
  return node.type === "Literal" && node.regex && /[gy]/.test(node.regex.flags);
}

/** Why a module-level initializer is state, or null if it is a constant, a function or a call. */
function stateKind(init) {
  if (!init) return null;
  if (init.type === "TSAsExpression" || init.type === "TSSatisfiesExpression") return stateKind(init.expression);
  if (isRegexWithState(init)) return "a global or sticky RegExp (its lastIndex is written)";
  if (init.type === "NewExpression") return "an object made with new (state belongs in an instance made at start-up)";
  if (init.type === "ArrayExpression" || init.type === "ObjectExpression") return "an array or object literal (wrap it in constant())";
  return null;
}

const noModuleState = {
  meta: { type: "problem", schema: [], docs: { description: "module scope holds only constants, frozen tables and functions" } },
  create(context) {
    const report = (node, what) => context.report({ node, message: `module-level ${what}: ${PRELOAD}` });
    return {
      Program(program) {
        for (const decl of topLevelDeclarations(program)) {
          if (decl.type === "VariableDeclaration") {
            if (decl.kind !== "const") report(decl, `'${decl.kind}' (use const)`);
            for (const d of decl.declarations) {
              const kind = stateKind(d.init);
              if (kind) report(d, kind);
            }
          } else if (decl.type === "ExpressionStatement") {
            report(decl, "statement (module bodies run once, at build time, and must not have effects)");
          }
        }
      },
      "PropertyDefinition[static=true]"(node) {
        if (!node.readonly) report(node, "static class field that is not readonly (static properties of preloaded classes are read-only)");
      },
    };
  },
};

const noApply = {
  meta: { type: "problem", schema: [], docs: { description: "no apply: its stack use grows with the arguments" } },
  create(context) {
    return {
      "CallExpression > MemberExpression.callee[property.name='apply']"(node) {
        context.report({ node, message: "apply pushes one stack slot per argument: XS aborts past the ESP32's 512 slots and Espruino stops at 256; call with a fixed number of arguments" });
      },
    };
  },
};

/** A call to its own function: f() inside function f, this.m() inside method m. */
function callsItself(call, fn) {
  const c = call.callee;
  if (fn.type === "FunctionDeclaration") return Boolean(fn.id) && c.type === "Identifier" && c.name === fn.id.name;
  return callsOwnMethod(c, fn.parent);
}

function callsOwnMethod(callee, method) {
  if (!method || method.type !== "MethodDefinition" || method.key.type !== "Identifier") return false;
  return callee.type === "MemberExpression" && callee.object.type === "ThisExpression" && callee.property.name === method.key.name;
}

const noRecursion = {
  meta: { type: "problem", schema: [], docs: { description: "no recursion: stack use that grows with input" } },
  create(context) {
    const functions = [];
    const enter = (node) => functions.push(node);
    const leave = () => functions.pop();
    return {
      FunctionDeclaration: enter,
      "FunctionDeclaration:exit": leave,
      FunctionExpression: enter,
      "FunctionExpression:exit": leave,
      ArrowFunctionExpression: enter,
      "ArrowFunctionExpression:exit": leave,
      CallExpression(node) {
        const fn = functions[functions.length - 1];
        if (fn && callsItself(node, fn)) {
          context.report({ node, message: "recursion: its depth follows the input, and the ESP32's XS stack is 512 slots (an overflow aborts the machine); loop instead" });
        }
      },
    };
  },
};

/** A RegExp class with an unescaped / or [ ends early or is refused on Espruino. */
function unsafeClass(pattern) {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") i++;
    else if (inClass && (c === "/" || c === "[")) return c;
    else if (c === "[" || c === "]") inClass = c === "[";
  }
  return null;
}

const espruinoRegex = {
  meta: { type: "problem", schema: [], docs: { description: "regex classes escape / and [ for Espruino" } },
  create(context) {
    return {
      Literal(node) {
        const c = node.regex && unsafeClass(node.regex.pattern);
        if (c) context.report({ node, message: `unescaped '${c}' inside a RegExp class: Espruino ends the RegExp there or refuses it; write \\${c}` });
      },
    };
  },
};

export default {
  rules: {
    "no-module-state": noModuleState,
    "no-apply": noApply,
    "no-recursion": noRecursion,
    "espruino-regex": espruinoRegex,
  },
};

/** What Espruino's interpreter lacks, as no-restricted-syntax entries (src/ only). */
export const ESPRUINO_SYNTAX = [
  { selector: "AssignmentPattern", message: "default values: Espruino has no default parameters or destructuring defaults" },
  { selector: "RestElement", message: "rest parameters: Espruino lacks them" },
  { selector: "ObjectPattern, ArrayPattern", message: "destructuring: Espruino lacks it" },
  { selector: "SpreadElement", message: "spread: Espruino lacks it" },
  { selector: "BinaryExpression[operator='**'], AssignmentExpression[operator='**=']", message: "**: Espruino lacks it; use Math.pow" },
  { selector: "FunctionDeclaration[async=true], FunctionExpression[async=true], ArrowFunctionExpression[async=true], AwaitExpression", message: "async/await: Espruino lacks it" },
  { selector: "FunctionDeclaration[generator=true], FunctionExpression[generator=true], YieldExpression", message: "generators: Espruino lacks them" },
  { selector: "NewExpression[callee.name=/^(Map|Set|WeakMap|WeakSet)$/], CallExpression[callee.name='Symbol'], MemberExpression[object.name='Symbol']", message: "Map/Set/Symbol: Espruino lacks them" },
  { selector: "MemberExpression[property.name='copyWithin']", message: "copyWithin: Espruino lacks it; set(subarray(a, b), 0) is overlap-safe" },
  { selector: "MemberExpression[object.name='Array'][property.name='from']", message: "Array.from: Espruino lacks it" },
  { selector: "MemberExpression[object.name='Object'][property.name=/^(freeze|isFrozen)$/]", message: "Object.freeze: Espruino lacks it; use constant() from src/at/constant.ts" },
  { selector: "ClassDeclaration[superClass.name=/Error$/], ClassExpression[superClass.name=/Error$/]", message: "extends Error: on Espruino super(message) leaves message undefined" },
  { selector: "MemberExpression[object.name='String'][property.name=/^(fromCodePoint|raw)$/], MemberExpression[property.name='codePointAt']", message: "Espruino lacks it" },
];
