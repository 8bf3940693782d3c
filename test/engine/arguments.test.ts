import { parse as babelParse } from '@babel/parser';
import { parse as estreeParse } from '@typescript-eslint/typescript-estree';
import { describe, expect, it } from 'vitest';
import type { ArgumentFilter } from '../../src/catalogue/load.js';
import { argumentName, argumentsMatch, callArguments } from '../../src/detect/arguments.js';
import type { Node } from '../../src/detect/estree.js';
import { detectText, keysOf } from '../helpers/detect.js';

// The CLI parses with Babel (StringLiteral, OptionalMemberExpression); ESLint hands over ESTree (Literal, ChainExpression).
const parsers: [string, (code: string) => Node][] = [
  ['babel', (code) => babelParse(code, { sourceType: 'module', plugins: ['typescript'] }).program as unknown as Node],
  ['estree', (code) => estreeParse(code, { range: true, loc: true }) as unknown as Node],
];

/** The first call or `new` in a one-statement snippet (through an ESTree ChainExpression). */
function firstCall(program: Node): Node {
  let node = program.body[0].expression as Node;
  while (node.type === 'ChainExpression' || node.type === 'AwaitExpression') node = (node.expression ?? node.argument) as Node;
  return node;
}

describe.each(parsers)('argumentName (%s)', (_parser, parse) => {
  it.each([
    [`on('locationChange')`, 'locationChange'],
    [`on("BLEDeviceFind")`, 'BLEDeviceFind'],
    ['on(`wifi`)', 'wifi'],
    [`on(sensor.SensorId.ACCELEROMETER)`, 'ACCELEROMETER'],
    [`on(sensor?.SensorId?.GYROSCOPE)`, 'GYROSCOPE'],
    [`on(SensorId['PEDOMETER'])`, 'PEDOMETER'],
    [`on(('accel'))`, 'accel'],
    [`on('accel' as const)`, 'accel'],
    [`on(SensorId.HEART_RATE!)`, 'HEART_RATE'],
    [`on(eventName)`, undefined],
    [`on(ids[0])`, undefined],
    [`on(SensorId[key])`, undefined],
    ['on(`${prefix}Change`)', undefined],
    [`on(1)`, undefined],
    [`on(pick())`, undefined],
  ])('%s names %s', (code, expected) => {
    const call = firstCall(parse(code));
    expect(argumentName(call.arguments[0])).toBe(expected);
  });
});

describe.each(parsers)('argumentsMatch (%s)', (_parser, parse) => {
  const events: ArgumentFilter[] = [{ index: 0, oneOf: ['locationChange', 'nmeaMessage'] }];
  const notStatus: ArgumentFilter[] = [{ index: 0, noneOf: ['sensorStatusChange'] }];
  const secondArg: ArgumentFilter[] = [{ index: 1, oneOf: ['wifi'] }];
  const matches = (filters: ArgumentFilter[], code: string) => argumentsMatch(filters, firstCall(parse(code)).arguments);

  it.each([
    ['listed string', events, `m.on('locationChange', req, cb)`, true],
    ['unlisted string', events, `m.on('countryCodeChange', cb)`, false],
    ['listed member name', events, `m.on(Events.nmeaMessage, cb)`, true],
    ['unlisted member name', events, `m.on(Events.locationEnabledChange, cb)`, false],
    ['a variable is not statically known', events, `m.on(type, cb)`, true],
    ['a call is not statically known', events, `m.on(eventOf(x), cb)`, true],
    ['a template with expressions is not statically known', events, 'm.on(`${kind}Change`, cb)', true],
    ['a missing argument fails oneOf', events, `m.on()`, false],
    ['a spread hides the position', events, `m.on(...args)`, true],
    ['noneOf: a sensor id passes', notStatus, `sensor.on(sensor.SensorId.ACCELEROMETER, cb)`, true],
    ['noneOf: the listed event fails', notStatus, `sensor.on('sensorStatusChange', cb)`, false],
    ['noneOf: a missing argument passes', notStatus, `sensor.on()`, true],
    ['a later position', secondArg, `f(a, 'wifi')`, true],
    ['a later position, unlisted', secondArg, `f(a, 'cellular')`, false],
    ['a later position after a spread', secondArg, `f(...a, 'cellular')`, true],
  ])('%s', (_name, filters, code, expected) => {
    expect(matches(filters, code)).toBe(expected);
  });

  it('counts unseen arguments as a match', () => {
    expect(argumentsMatch(events, undefined)).toBe(true);
  });

  it('needs every filter to pass', () => {
    const both: ArgumentFilter[] = [{ index: 0, oneOf: ['a'] }, { index: 1, noneOf: ['b'] }];
    expect(matches(both, `f('a', 'c')`)).toBe(true);
    expect(matches(both, `f('a', 'b')`)).toBe(false);
    expect(matches(both, `f('z', 'c')`)).toBe(false);
  });
});

describe.each(parsers)('callArguments (%s)', (_parser, parse) => {
  it('a call passes its own arguments', () => {
    const call = firstCall(parse(`geo.on('locationChange', cb)`));
    expect(callArguments(call, call.callee)?.map((a: Node) => argumentName(a))).toEqual(['locationChange', undefined]);
  });

  it('`new` passes its arguments', () => {
    const call = firstCall(parse(`new Scanner('x')`));
    expect(callArguments(call, call.callee)).toHaveLength(1);
  });

  it('.call drops the receiver', () => {
    const call = firstCall(parse(`geo.on.call(geo, 'nmeaMessage', cb)`));
    expect(callArguments(call, call.callee.object)?.map((a: Node) => argumentName(a))).toEqual(['nmeaMessage', undefined]);
  });

  it('.apply and a handed-over callback hide them', () => {
    const apply = firstCall(parse(`geo.on.apply(geo, args)`));
    expect(callArguments(apply, apply.callee.object)).toBeUndefined();
    const handed = firstCall(parse(`promisify(geo.on)`));
    expect(callArguments(handed.arguments[0], handed.arguments[0])).toBeUndefined();
  });
});

// The filters wired into the detector, with the shipped catalogue.
describe('argument filters in the detector', () => {
  const kit = `import { geoLocationManager } from '@kit.LocationKit';\n`;
  it.each([
    ['a listed event', `geoLocationManager.on('locationChange', req, cb)`, ['location 2:1']],
    ['a status event', `geoLocationManager.on('locationEnabledChange', cb)`, []],
    // Unknown: every `on` item matches (location events, and the Wi-Fi / Bluetooth scan-data event).
    ['an event in a variable', `const type = pick()\ngeoLocationManager.on(type, req, cb)`, ['location 3:1', 'network.wifi 3:1', 'bluetooth 3:1']],
    ['through .call', `geoLocationManager.on.call(geoLocationManager, 'nmeaMessage', cb)`, ['location 2:1']],
    ['through .call, a status event', `geoLocationManager.on.call(geoLocationManager, 'countryCodeChange', cb)`, []],
    ['a destructured alias', `const { on } = geoLocationManager\non('cachedGnssLocationsChange', req, cb)\non('satelliteStatusChange', cb)`, ['location 3:1']],
    ['handed over as a callback', `register(geoLocationManager.on)`, ['location 2:10', 'network.wifi 2:10', 'bluetooth 2:10']],
    ['the scan-data event', `geoLocationManager.on('locatingRequiredDataChange', config, cb)`, ['network.wifi 2:1', 'bluetooth 2:1']],
    ['the off twin', `geoLocationManager.off('locationChange')`, []],
  ])('%s', (_name, code, expected) => {
    expect(keysOf(detectText(kit + code, 'a.ts').detections)).toEqual(expected);
  });

  it('reads a sensor id from a member expression', () => {
    const code = `import { sensor } from '@kit.SensorServiceKit'\nsensor.on(sensor.SensorId.ACCELEROMETER, cb)\nsensor.on('sensorStatusChange', cb)`;
    expect(keysOf(detectText(code, 'a.ts').detections)).toEqual(['sensors 2:1']);
  });
});
