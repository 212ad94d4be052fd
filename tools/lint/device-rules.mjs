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

/*
 * Espruino's RegExp engine (src/jswrap_regexp.c, 2v2x) is a small backtracking matcher: classes,
 * `.`, `^` at the start, `$`, `*` and `+` after one character or class, capturing groups,
 * top-level `|`, and the escapes \d \D \s \S \w \W \f \n \r \t \v \0 \xHH. Anything
 * else is refused, or worse, silently read as something else: `a?`, `x{2}` and `(ab)+` just
 * never match. Each check below was measured on Espruino 2v29 (Linux build).
 */

/** What an escape means on Espruino when it differs from JS; null when it is the same. */
function escapeProblem(c, inClass) {
  if (c >= "1" && c <= "9") return "backreferences: Espruino throws 'Backreferences not supported'";
  if (!inClass && (c === "b" || c === "B")) return `\\${c} is not a word boundary on Espruino (\\b is a backspace there, \\B the letter B)`;
  if ("ucpPk".includes(c)) return `\\${c}: Espruino reads it as the letter ${c}; use \\xHH or the character itself`;
  return null;
}

/** Inside a class: / ends the RegExp early and [ is refused. */
function classProblem(c) {
  if (c === "/" || c === "[") return `unescaped '${c}' inside a RegExp class: Espruino ends the RegExp there or refuses it; write \\${c}`;
  return null;
}

/** Outside a class: [is pattern[i] the start of it?, why]; `depth` is the group nesting there. */
const OUTSIDE_CLASS = [
  [(p, i) => p[i] === "(" && p[i + 1] === "?", "(?...) groups (non-capturing, lookaround, named): Espruino has only plain capturing groups"],
  [(p, i) => p[i] === ")" && /^[*+?{]/.test(p.slice(i + 1)), "a quantifier after a group: Espruino applies * and + to one character only, so the RegExp never matches"],
  [(p, i, depth) => p[i] === "|" && depth > 0, "| inside a group: Espruino alternates whole patterns only, so the RegExp never matches"],
  [(p, i) => p[i] === "?", "? (optional, or lazy): Espruino has only * and +, so the RegExp never matches"],
  [(p, i) => p[i] === "{" && /^\{\d/.test(p.slice(i)), "{n,m} quantifier: Espruino has only * and +, so the RegExp never matches"],
  [(p, i) => p[i] === ".", "'.' matches \\r and \\n on Espruino (not in JS): use a class"],
  [(p, i) => p[i] === "^" && i > 0, "^ after the start: Espruino matches it only at the start of the string"],
];

function problemAt(pattern, i, state) {
  if (pattern[i] === "\\") return escapeProblem(pattern[i + 1], state.inClass);
  if (state.inClass) return classProblem(pattern[i]);
  const hit = OUTSIDE_CLASS.find(([starts]) => starts(pattern, i, state.depth));
  return hit ? hit[1] : null;
}

/** Follow classes and group nesting past an unescaped character. */
function track(state, c) {
  if (c === "[" || c === "]") state.inClass = c === "[";
  else if (!state.inClass && c === "(") state.depth++;
  else if (!state.inClass && c === ")") state.depth--;
}

/** The first thing in a RegExp literal Espruino does not do as JS does, or null. */
export function espruinoRegexProblem(pattern, flags) {
  const flag = /[^gi]/.exec(flags);
  if (flag) return `flag '${flag[0]}': Espruino ignores every flag but g and i`;
  const state = { inClass: false, depth: 0 };
  for (let i = 0; i < pattern.length; i++) {
    const problem = problemAt(pattern, i, state);
    if (problem) return problem;
    if (pattern[i] === "\\") i++;
    else track(state, pattern[i]);
  }
  return null;
}

const espruinoRegex = {
  meta: { type: "problem", schema: [], docs: { description: "RegExp literals use only what Espruino's engine does as JS does" } },
  create(context) {
    return {
      Literal(node) {
        const problem = node.regex && espruinoRegexProblem(node.regex.pattern, node.regex.flags);
        if (problem) context.report({ node, message: problem });
      },
    };
  },
};

/*
 * Espruino does not hoist function declarations: a function exists once its declaration has
 * run (measured on 2v29: `var r = f(); function f() {}` is "ReferenceError: f is not
 * defined", in a function body and at the top level alike). esbuild keeps each module's
 * statements in order inside one IIFE, so code that runs while a module loads (initializers,
 * top-level statements, static fields) must not reach a function declared further down, not
 * even through another function. Function bodies that run later are fine.
 */

const SKIPPED_KEYS = new Set(["parent", "typeAnnotation", "returnType"]);

function pushNodes(out, value) {
  for (const child of Array.isArray(value) ? value : [value]) if (child && typeof child.type === "string") out.push(child);
}

/** Child nodes of `node` (no parent links, no TypeScript type annotations). */
function childNodes(node) {
  const out = [];
  for (const key of Object.keys(node)) if (!SKIPPED_KEYS.has(key)) pushNodes(out, node[key]);
  return out;
}

const DEFERRED = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);
const KEYED = new Set(["Property", "MethodDefinition", "PropertyDefinition"]);

/** A name read, not a property name or an object key. */
function isReference(node) {
  const parent = node.parent;
  if (!parent || parent.computed) return true;
  if (parent.type === "MemberExpression") return parent.property !== node;
  return !(KEYED.has(parent.type) && parent.key === node);
}

/** Code that runs later than its surroundings: function bodies, instance field initializers. */
function runsLater(node, root) {
  return node !== root && (DEFERRED.has(node.type) || (node.type === "PropertyDefinition" && !node.static));
}

/** Identifiers read in `root`, entering what runs later only when `deferred`. Iterative: no recursion. */
function namesRead(root, deferred) {
  const names = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node.type === "Identifier") {
      if (isReference(node)) names.push(node);
    } else if (deferred || !runsLater(node, root)) {
      stack.push(...childNodes(node));
    }
  }
  return names;
}

/** The first top-level function declared after `at` that calling `fn` reaches, or null. */
function reachesLater(fn, at, functions) {
  const seen = new Set([fn]);
  const queue = [fn];
  while (queue.length > 0) {
    for (const name of namesRead(queue.shift().body, true)) {
      const next = functions.get(name.name);
      if (!next || seen.has(next)) continue;
      if (next.range[0] > at) return next;
      seen.add(next);
      queue.push(next);
    }
  }
  return null;
}

function laterMessage(name, via) {
  const how = via ? `${name} calls ${via}, which is declared` : `${name} is declared`;
  return `${how} further down but runs while the module loads: Espruino does not hoist function declarations (ReferenceError); declare it first`;
}

const declaredBeforeLoad = {
  meta: { type: "problem", schema: [], docs: { description: "code that runs at load time reaches only functions declared above it" } },
  create(context) {
    return {
      Program(program) {
        const functions = new Map();
        for (const decl of topLevelDeclarations(program)) if (decl.type === "FunctionDeclaration" && decl.id) functions.set(decl.id.name, decl);
        for (const decl of topLevelDeclarations(program)) if (decl.type !== "FunctionDeclaration") checkLoadTime(context, decl, decl.range[0], functions);
      },
    };
  },
};

function checkLoadTime(context, root, at, functions) {
  for (const name of namesRead(root, false)) {
    const fn = functions.get(name.name);
    if (!fn) continue;
    const later = fn.range[0] > at ? fn : reachesLater(fn, at, functions);
    if (later) context.report({ node: name, message: laterMessage(name.name, later === fn ? null : later.id.name) });
  }
}

export default {
  rules: {
    "no-module-state": noModuleState,
    "no-apply": noApply,
    "no-recursion": noRecursion,
    "espruino-regex": espruinoRegex,
    "declared-before-load": declaredBeforeLoad,
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
  { selector: "MemberExpression[object.name=/^(Array|(Uint|Int)(8|16|32)Array|Uint8ClampedArray|Float(32|64)Array)$/][property.name=/^(from|of)$/]", message: "Array.from/of, Uint8Array.from/of: Espruino lacks them; allocate and fill in a loop" },
  { selector: "MemberExpression[object.name='Object'][property.name=/^(freeze|isFrozen)$/]", message: "Object.freeze: Espruino lacks it; use constant() from src/at/constant.ts" },
  { selector: "ClassDeclaration[superClass.name=/Error$/], ClassExpression[superClass.name=/Error$/]", message: "extends Error: on Espruino super(message) leaves message undefined" },
  { selector: "MemberExpression[object.name='String'][property.name=/^(fromCodePoint|raw)$/], MemberExpression[property.name='codePointAt']", message: "Espruino lacks it" },
  // Found by running the core on Espruino 2v29 (Linux build), each one probed there.
  { selector: "LabeledStatement", message: "labels: Espruino has none ('break outer' is a ReferenceError there)" },
  { selector: "Property[computed=true], MethodDefinition[computed=true], PropertyDefinition[computed=true]", message: "computed keys: Espruino's parser refuses {[k]: v}; assign obj[k] = v" },
  { selector: "PrivateIdentifier", message: "#private members: bundled for Espruino they become WeakMaps, which it lacks; use TypeScript's private" },
  { selector: "MetaProperty", message: "new.target / import.meta: Espruino lacks them" },
  { selector: "MemberExpression[object.name='Number'][property.name=/^(isInteger|isFinite|isNaN|isSafeInteger|parseInt|parseFloat|MAX_SAFE_INTEGER|MIN_SAFE_INTEGER|EPSILON)$/]", message: "Espruino's Number has none of these statics: use Math.floor(x) === x, isFinite(), isNaN(), parseInt()" },
  { selector: "MemberExpression[object.name='Math'][property.name=/^(trunc|imul|clz32|log2|log10|log1p|expm1|cbrt|hypot|fround|sinh|cosh|tanh|asinh|acosh|atanh)$/]", message: "Espruino's Math lacks it: use Math.floor/Math.ceil, Math.log(x) / Math.LN2, ..." },
  { selector: "MemberExpression[object.name='Object'][property.name=/^(is|seal|preventExtensions|getOwnPropertySymbols)$/], MemberExpression[object.name='ArrayBuffer'][property.name='isView']", message: "Espruino lacks it" },
  { selector: "CallExpression > MemberExpression.callee[property.name=/^(lastIndexOf|toPrecision|toExponential|search|trimStart|trimEnd|trimLeft|normalize|localeCompare|at|flat|flatMap|findLast|findLastIndex|finally)$/]", message: "Espruino's strings, arrays, numbers or promises lack this method" },
  { selector: "CallExpression[arguments.length=0] > MemberExpression.callee[property.name=/^(keys|entries|values)$/]", message: "array iterators (keys/entries/values): Espruino lacks them; loop over the indices" },
  // `arr.length = 0` throws "Assignment to a constant" in a method and fails an ASSERT at top level (2v29).
  { selector: "AssignmentExpression > MemberExpression.left[computed=false][property.name='length'][object.type!='ThisExpression']", message: "assigning an array's length: Espruino refuses it; empty it with splice(0, a.length)" },
];

/** Globals Espruino lacks, as no-restricted-globals entries (src/ only); each probed on 2v29. */
export const ESPRUINO_GLOBALS = ["Reflect", "Proxy", "WeakRef", "FinalizationRegistry", "BigInt", "TextDecoder", "TextEncoder", "RangeError", "URIError", "EvalError", "AggregateError", "queueMicrotask", "structuredClone", "SharedArrayBuffer", "Atomics"].map((name) => ({
  name,
  message: `Espruino has no ${name}${name.endsWith("Error") ? " (throw Error or TypeError)" : ""}`,
}));
