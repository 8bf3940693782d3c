// Argument filters of catalogue items: `geoLocationManager.on('locationChange', …)` collects, `on('countryCodeChange', …)`
// does not. Pure functions over the call's argument nodes (Babel or ESTree shapes).
import type { ArgumentFilter } from '../catalogue/load.js';
import type { Node } from './estree.js';

/**
 * What an argument names when it is written out in the source: a string literal's value (`'locationChange'`), or the
 * last property name of a member expression (`sensor.SensorId.ACCELEROMETER` → `ACCELEROMETER`). Anything else (a
 * variable, a call, a number, a template with expressions) is not statically known: undefined.
 */
export function argumentName(node: Node): string | undefined {
  const value = unwrap(node);
  switch (value.type) {
    case 'StringLiteral':
      return value.value as string;
    case 'Literal':
      return typeof value.value === 'string' ? value.value : undefined;
    case 'TemplateLiteral':
      return value.expressions.length === 0 ? (value.quasis[0]?.value?.cooked ?? undefined) : undefined;
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      const property = unwrap(value.property);
      if (!value.computed) return property.type === 'Identifier' ? (property.name as string) : undefined;
      return property.type === 'StringLiteral' || property.type === 'Literal' || property.type === 'TemplateLiteral' ? argumentName(property) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Do the call's arguments pass every filter? `args` undefined means the arguments cannot be seen (the API was handed
 * over as a callback, or called through `.apply`): that counts as a match, as does any argument whose value is not
 * statically known — over-approximate rather than miss. A missing argument names nothing: it fails `oneOf` and
 * passes `noneOf`.
 */
export function argumentsMatch(filters: readonly ArgumentFilter[], args: readonly Node[] | undefined): boolean {
  if (!args) return true;
  return filters.every((filter) => {
    // After a spread the positions are unknown.
    if (args.slice(0, filter.index + 1).some((argument) => argument.type === 'SpreadElement')) return true;
    const argument = args[filter.index];
    if (!argument) return filter.oneOf === undefined;
    const name = argumentName(argument);
    if (name === undefined) return true;
    if (filter.oneOf && !filter.oneOf.includes(name)) return false;
    if (filter.noneOf?.includes(name)) return false;
    return true;
  });
}

/**
 * The arguments the API receives at `at`, where the detector matched `use`: a call or `new` of `use` passes its own
 * arguments; `use.call(thisArg, …)` passes all but the first. Undefined when they cannot be seen (`use.apply(…)`,
 * `promisify(use)`).
 */
export function callArguments(at: Node, use: Node): readonly Node[] | undefined {
  if (!isCallOrNew(at)) return undefined;
  const callee = unwrap(at.callee);
  if (callee === use || callee === unwrap(use)) return at.arguments as Node[];
  if ((callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') && !callee.computed) {
    const object = callee.object as Node;
    const method = callee.property.type === 'Identifier' ? (callee.property.name as string) : undefined;
    if (method === 'call' && (object === use || unwrap(object) === unwrap(use))) return (at.arguments as Node[]).slice(1);
  }
  return undefined;
}

function isCallOrNew(node: Node): boolean {
  return node.type === 'CallExpression' || node.type === 'OptionalCallExpression' || node.type === 'NewExpression';
}

/** Parentheses, TypeScript assertions and ESTree chain wrappers do not change what an argument names. */
function unwrap(node: Node): Node {
  let current = node;
  for (let depth = 0; depth < 20; depth++) {
    switch (current.type) {
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TypeCastExpression':
      case 'ParenthesizedExpression':
      case 'ChainExpression':
        current = current.expression as Node;
        break;
      default:
        return current;
    }
  }
  return current;
}
