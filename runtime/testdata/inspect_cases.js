// Values printed by node's util.inspect and by tolokash's: runtime's
// TestInspectMatchesNode runs this file in both and compares the output.
const util = require('util');
class Foo { constructor() { this.a = 1; this.b = 'x' } }
class Bar extends Foo {}
const circ = {name: 'c'}; circ.self = circ; circ.list = [circ];
const cases = {
  prim: [1, -0, 1.5, 1e21, NaN, 'str', "it's", true, null, undefined, 10n, Symbol('x')],
  nested: {a: {b: {c: {d: {e: 1}}}}},
  arr30: Array.from({length: 30}, (_, i) => i),
  arr120: Array.from({length: 120}, (_, i) => i),
  strs: ['a', 'bb', 'ccc', 'dddd', 'eeeee', 'ffffff', 'g', 'h'],
  objs: Array.from({length: 26}, (_, i) => ({i})),
  sparse: [1, , 3, , , 6],
  map: new Map([['a', 1], ['b', {c: 2}]]),
  set: new Set([1, 'two', [3]]),
  emptyMap: new Map(),
  foo: new Foo(),
  bar: new Bar(),
  nullProto: Object.assign(Object.create(null), {x: 1}),
  fn: function named() {},
  anon: [() => 1, function () {}],
  cls: Foo,
  sub: Bar,
  date: new Date(0),
  re: /ab+c/gi,
  keys: {'a-b': 1, valid_id: 2, '1x': 3, '': 4},
  circ,
  long: {aaaaaaaaaa: 'aaaaaaaaaaaaaaa', bbbbbbbbbb: 'bbbbbbbbbbbbbbbbb', cccccccccc: 'cccccccccccccccccc', dddd: 1},
  promise: Promise.resolve(5),
  pending: new Promise(() => {}),
  boxed: [new String('s'), new Number(3), new Boolean(false)],
  typed: new Uint8Array([1, 2, 3]),
  nestedArr: [[1, [2, [3, [4, [5]]]]]],
  getter: { get g() { return 1 }, set s(v) {}, get gs() { return 1 }, set gs(v) {} },
  sym: {[Symbol('k')]: 1, n: 2},
  multiline: 'a\nb',
  quotes: ["a'b", 'a"b\'c', 'a`b\'c"d'],
  err: [new Error('boom').message],
  deepArr: {level1: [{level2: [{level3: {level4: 'deep'}}]}]},
  assignment: {id: '1', solutions: [{output_values: {label: 'cat', extra: {x: 1}}}], tasks: [{input_values: {image: 'x.jpg'}}]},
};
for (const [k, v] of Object.entries(cases)) {
  console.log('## ' + k);
  console.log(util.inspect(v));
}
console.log('## depth0'); console.log(util.inspect({a: {b: 1}, c: [1]}, {depth: 0}));
console.log('## depthInf'); console.log(util.inspect(cases.nested, {depth: Infinity}));
console.log('## depthNull'); console.log(util.inspect(cases.nested, {depth: null}));
// (%o is left out: node's shows hidden properties such as an array's length.)
console.log('## format'); console.log(util.format('%s %d %i %f %j %O %% %c|', 'str', 42.5, 42.5, '3.25', {a: 1}, {b: {c: 1}}, 'css'), util.format('%s', {a: {b: {c: 1}}}), util.format('%s', [1, [2]]), util.format(1, 'x', {a: 1}));
console.log('## formatExtra'); console.log(util.format('%d', '0x10'), util.format('%i', 'abc'), util.format('%s', 10n), util.format('%d', 10n), util.format('a', 'b', 3));
console.log('## log'); console.log('a', 1, {x: 'y'}, ['s']);
