// The model classes of require('toloka') and require('toloka/template_builder'),
// built from the description in internal/schema, each class when a script
// first names it (native.classJSON gives its fields and types; the namespaces
// are Go's, models_namespace.go). Each class takes its positional arguments as
// toloka-kit does, then an options object with toloka-kit's keyword names;
// `new` is optional. Arguments are checked when an object is built (and again
// when it is sent): an unknown key, a value of the wrong type or not among an
// enum's values is a TypeError naming the class and the key, with a
// suggestion. toJSON writes what toloka-kit's unstructure() writes;
// X.from(json) reads the API's JSON back, keeping the members it does not
// know. models_special.js adds the behaviour that is not data (filters'
// and/or, add_action, the Template Builder lock, …).
//
// The constructors and toJSON are Go's (models_fast.go): they build and write
// the common objects themselves and call construct() and unstructure() here
// for everything else, errors included.
(function (native, install) {
  'use strict';
  const DESC = Symbol('tolokash.model');
  const EXTRA = Symbol('tolokash.unexpected');
  // SEEN holds, by field index, the values from() read: toJSON checks every
  // other value again (a list or map changed in place included), these only
  // when changed (what the API sent goes back as it came).
  const SEEN = Symbol('tolokash.seen');
  // Behaviour that is not data, keyed by class id; models_special.js fills them.
  const special = { init: {}, unstructure: {}, structure: {} };

  // unchecked(value) passes a value the description does not know on purpose:
  // an enum value, a key or a shape Toloka added later.
  class Unchecked {
    constructor(value) { this.value = value; Object.freeze(this); }
    toJSON() { return unstructureValue(this.value); }
  }
  Unchecked.prototype[Symbol.for('tolokash.unchecked')] = true;
  // Prototype tests: instanceof walks Symbol.hasInstance in goja, which shows
  // when a script builds 100k objects.
  const getProto = Object.getPrototypeOf, UncheckedProto = Unchecked.prototype, ObjectProto = Object.prototype;
  const isUnchecked = (v) => v !== null && typeof v === 'object' && getProto(v) === UncheckedProto;
  function unchecked(value) { return isUnchecked(value) ? value : new Unchecked(value); }

  const enums = new Map();   // id → {desc, values, obj}, once used
  const descs = new Map();   // id → class description (with ctor, fieldMap, …), once built
  function descOf(id) { return descs.get(id) || buildClass(id); }
  function enumOf(id) {
    let e = enums.get(id);
    if (!e) {
      const desc = JSON.parse(native.enumJSON(id));
      e = { desc, values: desc.members.map((m) => m[1]), obj: Object.freeze(Object.fromEntries(desc.members)) };
      enums.set(id, e);
    }
    return e;
  }

  // ---- messages ----------------------------------------------------------------

  function editDistance(a, b) {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const cur = [i];
      for (let j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      prev = cur;
    }
    return prev[b.length];
  }
  // suggest names the candidate closest to got (case and _ aside), or ''.
  function suggest(got, candidates) {
    const norm = (s) => String(s).toLowerCase().replace(/[_\-\s.]/g, '');
    let best = '', bestD = Infinity;
    for (const c of candidates) {
      const g = norm(got), n = norm(c);
      const d = g === n ? 0 : (n.length >= 3 && (g.startsWith(n) || n.startsWith(g))) ? 1 : editDistance(String(got).toLowerCase(), String(c).toLowerCase());
      if (d < bestD) { best = c; bestD = d; }
    }
    return best !== '' && bestD <= Math.max(2, Math.floor(String(got).length / 4)) ? best : '';
  }
  // Python's comparison operators, as people type them for an operator value.
  const symbols = { '>': 'GT', '>=': 'GTE', '<': 'LT', '<=': 'LTE', '==': 'EQ', '=': 'EQ', '!=': 'NE' };
  function didYouMean(got, candidates) {
    const s = candidates.includes(symbols[got]) ? symbols[got] : suggest(got, candidates);
    return s ? '; did you mean ' + s + '?' : '';
  }
  function describe(v) {
    if (v === undefined) return 'nothing';
    if (v === null) return 'null';
    if (typeof v === 'string') return 'a string ' + JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
    if (typeof v === 'number') return 'a number ' + v;
    if (typeof v === 'boolean') return 'a boolean ' + v;
    if (typeof v === 'function') return 'a function';
    if (Array.isArray(v)) return 'a list';
    if (v instanceof Date) return 'a Date';
    const d = v[DESC];
    if (d) return 'a ' + d.display;
    return 'an object';
  }
  function fail(where, message) { throw new TypeError(where + ': ' + message); }
  function listOf(values, max) {
    max = max || 12;
    return values.length > max ? values.slice(0, max).join(', ') + ', …' : values.join(', ');
  }

  // ---- types -----------------------------------------------------------------

  function typeName(t) {
    if (typeof t === 'string') {
      return { str: 'a string', int: 'an integer', float: 'a number', bool: 'a boolean', any: 'any value', dict: 'an object',
        datetime: 'a date (Date or ISO string)', decimal: 'a number', uuid: 'a UUID string', tb: 'a Template Builder component' }[t];
    }
    if (t.list) return 'a list of ' + plural(t.list);
    if (t.map) return 'an object of ' + plural(t.map);
    if (t.class) { const d = descOf(t.class); return 'a ' + d.display + (d.abstract ? ' (' + listOf(d.concrete().map((c) => c.name), 6) + ')' : ''); }
    if (t.enum) return 'one of ' + listOf(enumOf(t.enum).values);
    if (t.union) return t.union.map(typeName).join(' or ');
    return String(t);
  }
  function plural(t) {
    if (typeof t === 'string') {
      return { str: 'strings', int: 'integers', float: 'numbers', bool: 'booleans', any: 'values', dict: 'objects',
        datetime: 'dates', decimal: 'numbers', uuid: 'UUIDs', tb: 'Template Builder components' }[t];
    }
    if (t.class) return descOf(t.class).display + ' objects';
    if (t.union) return t.union.map(plural).join(' or ');
    return typeName(t);
  }
  // isPlain: an object literal (or the API's JSON), not a list, a Date or an instance.
  function isPlain(v) {
    if (v === null || typeof v !== 'object') return false;
    const p = getProto(v);
    return p === ObjectProto || p === null;
  }
  const BASE_COMPONENT = 'project.template_builder.base.BaseComponent', REF_COMPONENT = 'project.template_builder.base.RefComponent';
  const isComponent = (v) => v !== null && typeof v === 'object' && (v instanceof descOf(BASE_COMPONENT).ctor || v instanceof descOf(REF_COMPONENT).ctor);

  // check returns value converted to type t (plain objects become instances of
  // the class t names) or throws a TypeError naming where.
  function check(t, v, where) {
    if (isUnchecked(v)) return v;
    if (typeof t === 'string') {
      switch (t) {
        case 'any': return toValue(v, where);
        case 'str': case 'uuid': if (typeof v === 'string') return v; break;
        case 'int': if (Number.isInteger(v)) return v; break;
        case 'float': if (typeof v === 'number' && isFinite(v)) return v; break;
        case 'decimal':
          if (typeof v === 'number' && isFinite(v)) return v;
          if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
          break;
        case 'bool': if (typeof v === 'boolean') return v; break;
        case 'datetime': if (typeof v === 'string' || (v instanceof Date && !isNaN(v))) return v; break;
        case 'dict': if (isPlain(v)) return toValue(v, where); break;
        case 'tb': if (isComponent(v)) return v; break;
      }
      fail(where, 'expected ' + typeName(t) + ', got ' + describe(v));
    }
    if (t.enum) {
      const e = enumOf(t.enum);
      if (typeof v === 'string' && e.values.includes(v)) return v;
      if (typeof v !== 'string') fail(where, 'expected ' + typeName(t) + ', got ' + describe(v));
      fail(where, JSON.stringify(v) + ' is not one of ' + listOf(e.values, 40) + didYouMean(v, e.values) +
        ' (unchecked(' + JSON.stringify(v) + ') passes a value on purpose)');
    }
    if (t.list) {
      if (!Array.isArray(v)) fail(where, 'expected ' + typeName(t) + ', got ' + describe(v));
      // A copy only when an element changes (a plain object made an instance).
      let out = v, i = 0;
      try {
        for (; i < v.length; i++) {
          const c = check(t.list, v[i], where);
          if (c !== v[i]) { if (out === v) out = v.slice(); out[i] = c; }
        }
      } catch (e) { throw inside(e, where, '[' + i + ']'); }
      return out;
    }
    if (t.map) {
      if (!isPlain(v)) fail(where, 'expected ' + typeName(t) + ', got ' + describe(v));
      const keys = Object.keys(v);
      let out = v, k = '';
      try {
        for (let j = 0; j < keys.length; j++) {
          k = keys[j];
          const c = check(t.map, v[k], where);
          if (c !== v[k]) { if (out === v) out = Object.assign({}, v); out[k] = c; }
        }
      } catch (e) { throw inside(e, where, '.' + k); }
      return out;
    }
    if (t.class) {
      const d = descOf(t.class);
      if (v !== null && typeof v === 'object' && v[DESC] && isA(v[DESC], d)) return v;
      if (isPlain(v)) return build(d, [], v, where);
      fail(where, 'expected ' + typeName(t) + ', got ' + describe(v));
    }
    if (t.union) {
      // A value goes to the alternative of its shape (a list to the list, …),
      // so that an error inside it is reported as it is.
      const fits = t.union.filter((alt) => shapeFits(alt, v));
      if (fits.length === 1) return check(fits[0], v, where);
      for (const alt of fits) {
        try { return check(alt, v, where); } catch (e) { /* the next alternative may take it */ }
      }
      fail(where, 'expected ' + typeName(t) + ', got ' + describe(v));
    }
    return v;
  }
  // shapeFits reports whether v has the shape of type t (whatever its contents).
  function shapeFits(t, v) {
    if (typeof t === 'string') {
      switch (t) {
        case 'any': return true;
        case 'tb': return isComponent(v);
        case 'str': case 'uuid': return typeof v === 'string';
        case 'int': case 'float': return typeof v === 'number';
        case 'decimal': return typeof v === 'number' || typeof v === 'string';
        case 'bool': return typeof v === 'boolean';
        case 'datetime': return typeof v === 'string' || v instanceof Date;
        case 'dict': return isPlain(v);
      }
      return false;
    }
    if (t.enum) return typeof v === 'string';
    if (t.list) return Array.isArray(v);
    if (t.map) return isPlain(v);
    if (t.class) return isPlain(v) || (v !== null && typeof v === 'object' && !!v[DESC] && isA(v[DESC], descOf(t.class)));
    if (t.union) return t.union.some((a) => shapeFits(a, v));
    return false;
  }
  // inside puts the element an error is about into its path: where → where[3].
  function inside(e, where, step) {
    if (!(e instanceof TypeError) || !e.message.startsWith(where + ':')) return e;
    return new TypeError(where + step + e.message.slice(where.length));
  }
  // toValue checks free-form values: nested instances stay, functions do not serialise.
  function toValue(v, where) {
    if (typeof v === 'function' || typeof v === 'symbol') fail(where, 'expected a JSON value, got ' + describe(v));
    return v;
  }
  function isA(d, base) { for (let x = d; x; x = x.base) if (x === base) return true; return false; }

  // ---- construction ------------------------------------------------------------

  // split turns the arguments into positional values and an options object:
  // the last argument is the options when there are more arguments than
  // positional parameters, or when it is a plain object whose keys are all
  // keyword names of the class.
  function split(d, args, where) {
    const pos = d.maxPositional;
    const keyword = (k) => d.keyword(k) || (d.expandTarget && d.expandTarget.keyword(k));
    let opts = null;
    if (args.length > 0) {
      const last = args[args.length - 1];
      const lastIsOptions = (isPlain(last) || (isUnchecked(last) && isPlain(last.value))) &&
        (args.length > d.positional.length || Object.keys(isUnchecked(last) ? last.value : last).every(keyword));
      if (lastIsOptions) { opts = last; args = args.slice(0, -1); }
    }
    if (args.length > pos) {
      fail(where, 'expected at most ' + d.positional.length + ' positional arguments (' +
        d.positional.map((f) => f.n).join(', ') + ') and an options object, got ' + args.length);
    }
    return [args, opts];
  }

  function construct(d, args, where) {
    where = where || d.display;
    if (d.abstract) {
      fail(where, d.display + ' is abstract; build one of ' + listOf(d.concrete().map((c) => c.display), 40));
    }
    const [pos, opts] = split(d, args, where);
    return build(d, pos, opts, where);
  }

  // build makes an instance of d from positional values and options (strict).
  function build(d, pos, opts, where) {
    if (d.abstract) {
      // A plain object for an abstract type names its variant by its discriminator.
      const c = variantOf(d, opts || {});
      if (!c) fail(where, 'expected ' + typeName({ class: d.id }) + ', got ' + describe(opts) + unknownVariant(d, opts || {}));
      const rest = Object.assign({}, opts);
      for (let i = 0; i < c.tags.length; i++) delete rest[c.tags[i][0]];
      return build(c, pos, rest, where);
    }
    // Index loops and one array of values: this runs for every object a
    // script builds (100k tasks), and iterators and Maps cost in goja.
    const self = Object.create(d.ctor.prototype);
    const fields = d.fields;
    const vals = new Array(fields.length);
    let extra = null, args = null, uncheckedOpts = false;
    if (isUnchecked(opts)) { uncheckedOpts = true; opts = opts.value; }
    // Expansion: toloka-kit lets the options of one nested class stand for it.
    const ex = d.expand ? expansion(d, pos, opts) : null;
    if (ex) pos = ex.pos;
    for (let i = 0; i < pos.length; i++) if (pos[i] !== undefined) vals[d.positional[i].i] = pos[i];
    if (opts) {
      const keys = Object.keys(opts);
      for (let j = 0; j < keys.length; j++) {
        const k = keys[j], v = opts[k];
        if (ex && ex.keys.has(k)) continue;
        const f = d.keyword(k);
        if (!f) {
          if (uncheckedOpts || isUnchecked(v)) { (extra = extra || {})[k] = v; continue; }
          if (d.tags.some(([tk, tv]) => tk === k && tv === v)) continue; // its own discriminator, as in the API's JSON
          fail(where, 'unknown option ' + JSON.stringify(k) + didYouMean(k, d.names()) +
            ' (known: ' + listOf(d.names(), 60) + ')');
        }
        if (vals[f.i] !== undefined) fail(where, f.n + ' is given twice (as an argument and an option)');
        vals[f.i] = v;
      }
    }
    if (ex && ex.value !== undefined) {
      if (vals[ex.field.i] !== undefined) fail(where, 'give either ' + ex.field.n + ' or its options (' + [...ex.keys].join(', ') + '), not both');
      vals[ex.field.i] = ex.value;
    }
    for (let j = 0; j < d.defaults.length; j++) {
      const i = d.defaults[j], dv = fields[i].d;
      if (vals[i] === undefined) vals[i] = typeof dv === 'object' && dv !== null ? JSON.parse(JSON.stringify(dv)) : dv;
    }
    for (let i = 0; i < fields.length; i++) {
      const v = vals[i];
      if (v === undefined) continue;
      const f = fields[i];
      const w = where === d.display ? f.where : where + '.' + f.n;
      const value = v === null ? null : (uncheckedOpts ? uncheckedValue(f.t, v, w) : check(f.t, v, w));
      vals[i] = value;
      if (f.a) (args = args || new Map()).set(f.n, value);
      else self[f.n] = value;
    }
    if (extra) Object.defineProperty(self, EXTRA, { value: extra, writable: true });
    const hook = special.init[d.id];
    if (hook) { const r = hook(self, args || new Map(), where); if (r !== undefined) return r; }
    return self;
  }
  // uncheckedValue converts plain objects for class-typed fields but checks nothing.
  function uncheckedValue(t, v, w) {
    try { return check(t, v, w); } catch (e) { return new Unchecked(v); }
  }

  // expansion finds the options of an expanded field (TolokaPluginV1's layout:
  // kind, task_width), given positionally or by name.
  function expansion(d, pos, opts) {
    const field = d.fieldMap.get(d.expand);
    const target = d.expandTarget;
    if (!target) return null;
    const keys = new Set();
    const exOpts = {};
    if (opts) {
      for (const k of Object.keys(opts)) {
        if (!d.keyword(k) && target.keyword(k)) { keys.add(k); exOpts[k] = opts[k]; }
      }
    }
    const i = d.positional.indexOf(field);
    let exPos = [];
    if (i >= 0 && pos.length > i) {
      const v = pos[i];
      const isWhole = v === null || isPlain(v) || isComponent(v) || (v && v[DESC] && isA(v[DESC], target)) || isUnchecked(v);
      if (!isWhole) { exPos = pos.slice(i); pos = pos.slice(0, i); }
    }
    if (keys.size === 0 && exPos.length === 0) return { pos, keys, value: undefined, field };
    return { pos, keys, field, value: build(target, exPos, exOpts, d.display + '.' + field.n) };
  }

  // variantOf finds the concrete class of an abstract one that a JSON object
  // is: by its discriminators, else by the required fields it has.
  function variantOf(d, obj) {
    let best = null, bestN = 0;
    for (const c of d.concrete()) {
      if (c.tags.length === 0) continue;
      if (c.tags.every(([k, v]) => obj[k] === v) && c.tags.length > bestN) { best = c; bestN = c.tags.length; }
    }
    if (best) return best;
    for (const c of d.concrete()) {
      const req = c.fields.filter((f) => f.r);
      if (c.tags.length === 0 && req.length > 0 && req.every((f) => obj[f.w || f.n] !== undefined)) return c;
    }
    return null;
  }

  // unknownVariant says which discriminator of obj names no class, with the closest.
  function unknownVariant(d, obj) {
    for (const k of d.tagKeys()) {
      const values = [...new Set(d.concrete().flatMap((c) => c.tags.filter(([tk]) => tk === k).map(([, v]) => v)))];
      if (obj[k] !== undefined && !values.includes(obj[k])) {
        return ' whose ' + k + ' ' + JSON.stringify(obj[k]) + ' is not one of ' + listOf(values, 30) + didYouMean(obj[k], values);
      }
    }
    return ' without ' + (d.tagKeys().join(' and ') || 'the fields of one');
  }

  // ---- JSON --------------------------------------------------------------------

  // unstructure writes an instance as the API wants it (toloka-kit's
  // unstructure): unknown members first, then the fields that are set, then the
  // discriminators; an object with nothing set is left out of its parent.
  function unstructure(self) {
    const d = self[DESC];
    const out = {};
    const extra = self[EXTRA];
    if (extra) for (const k of Object.keys(extra)) out[k] = unstructureValue(extra[k]);
    const own = Object.keys(self);
    for (let j = 0; j < own.length; j++) {
      const k = own[j];
      if (d.fieldMap.has(k)) continue;
      if (!(isUnchecked(self[k]))) {
        fail(d.display, 'unknown member ' + JSON.stringify(k) + didYouMean(k, d.names()) + ' (set unchecked(value) to send it anyway)');
      }
      out[k] = unstructureValue(self[k]);
    }
    const fields = d.fields, seen = self[SEEN];
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      if (f.a) continue;
      let v = self[f.n];
      if (v === undefined || (v === null && !f.r)) continue;
      // Check again, to catch changes made after construction; a value as
      // from() read it goes back as it came, new enum values and all.
      if (v !== null && !(seen && seen[i] === v)) v = check(f.t, v, f.where);
      const u = unstructureValue(v);
      if (u !== undefined) out[f.w || f.n] = u;
    }
    for (let i = 0; i < d.tags.length; i++) out[d.tags[i][0]] = d.tags[i][1];
    const hook = special.unstructure[d.id];
    return hook ? hook(self, out) : out;
  }
  function unstructureValue(v) {
    if (v === null || v === undefined || typeof v !== 'object') return v;
    if (isUnchecked(v)) return unstructureValue(v.value);
    if (v instanceof Date) return v.toISOString().replace(/Z$/, '').replace(/\.000$/, '');
    if (v[DESC]) { const o = unstructure(v); return Object.keys(o).length ? o : undefined; }
    if (Array.isArray(v)) {
      const out = new Array(v.length);
      for (let i = 0; i < v.length; i++) { const u = unstructureValue(v[i]); out[i] = u === undefined ? null : u; }
      return out;
    }
    if (typeof v.toJSON === 'function') return v.toJSON();
    const out = {}, keys = Object.keys(v);
    for (let i = 0; i < keys.length; i++) { const u = unstructureValue(v[keys[i]]); if (u !== undefined) out[keys[i]] = u; }
    return out;
  }

  // structure reads the API's JSON into an instance of d, leniently: members it
  // does not know are kept and written back, values are not checked.
  function structure(d, data) {
    if (data === null || data === undefined) return data;
    if (data[DESC] && isA(data[DESC], d)) return data;
    if (typeof data !== 'object' || Array.isArray(data)) fail(d.display + '.from', 'expected an object, got ' + describe(data));
    if (d.abstract) {
      const c = variantOf(d, data);
      if (!c) return Object.assign({}, data); // a variant this version does not know: kept as it is
      d = c;
    }
    const pre = special.structure[d.id];
    if (pre) data = pre(data);
    const self = Object.create(d.ctor.prototype);
    const seen = new Array(d.fields.length);
    Object.defineProperty(self, SEEN, { value: seen });
    let extra = null;
    for (const k of Object.keys(data)) {
      const f = d.wireMap.get(k);
      if (f) { self[f.n] = seen[f.i] = structureValue(f.t, data[k]); continue; }
      if (d.tags.some(([tk, tv]) => tk === k && tv === data[k])) continue;
      (extra = extra || {})[k] = data[k];
    }
    if (extra) Object.defineProperty(self, EXTRA, { value: extra, writable: true });
    return self;
  }
  function structureValue(t, v) {
    if (v === null || v === undefined) return v;
    if (typeof t === 'string') return t === 'tb' || t === 'any' ? structureAny(v) : v;
    if (t.list) return Array.isArray(v) ? v.map((x) => structureValue(t.list, x)) : v;
    if (t.map) {
      if (typeof v !== 'object' || Array.isArray(v)) return v;
      const out = {};
      for (const k of Object.keys(v)) out[k] = structureValue(t.map, v[k]);
      return out;
    }
    if (t.class) return typeof v === 'object' && !Array.isArray(v) ? structure(descOf(t.class), v) : v;
    if (t.union) {
      if (typeof v === 'object' && !Array.isArray(v)) {
        if (v.type !== undefined && isComponentType(v.type)) return structureComponent(v);
        if (v.$ref !== undefined) return structure(descOf(REF_COMPONENT), v);
        const cls = t.union.find((a) => a.class);
        if (cls) return structure(descOf(cls.class), v);
      }
      const inner = t.union.find((a) => a !== 'tb');
      return inner ? structureValue(inner, v) : v;
    }
    return v;
  }
  // structureAny reads a Template Builder value: components by their type.
  function structureAny(v) {
    if (Array.isArray(v)) return v.map(structureAny);
    if (v === null || typeof v !== 'object') return v;
    if (v.$ref !== undefined) return structure(descOf(REF_COMPONENT), v);
    if (typeof v.type === 'string' && isComponentType(v.type)) return structureComponent(v);
    return v;
  }
  // The Template Builder classes by their type (view.image → tb.ImageViewV1).
  const isComponentType = (type) => native.component(type) !== '';
  function structureComponent(v) { return structure(descOf(native.component(v.type)), v); }

  // ---- classes ------------------------------------------------------------------

  function camel(s) { return s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase()); }
  const hidden = (obj, name, value) => Object.defineProperty(obj, name, { value, writable: true, configurable: true });
  const short = (name) => name.slice(name.lastIndexOf('.') + 1);
  // Behaviour models_special.js adds to each class as it is built (onClass),
  // or to one class (extend: fn(prototype, constructor, descriptor)).
  const classHooks = [], extensions = {};
  function onClass(fn) { classHooks.push(fn); for (const d of descs.values()) if (d.ctor) fn(d); }
  function extend(id, fn) {
    const d = descs.get(id);
    if (d && d.ctor) fn(d.ctor.prototype, d.ctor, d);
    else (extensions[id] = extensions[id] || []).push(fn);
  }

  // buildClass makes the class id from its description: constructor (Go's,
  // models_native.go), prototype chain, statics and helpers.
  function buildClass(id) {
    const d = JSON.parse(native.classJSON(id));
    descs.set(id, d);
    d.fields.forEach((f, i) => { f.i = i; f.where = d.display + '.' + f.n; });
    d.defaults = d.fields.filter((f) => f.d !== undefined).map((f) => f.i);
    d.fieldMap = new Map(d.fields.map((f) => [f.n, f]));
    d.wireMap = new Map(d.fields.filter((f) => !f.a).map((f) => [f.w || f.n, f]));
    d.positional = d.fields.filter((f) => f.p);
    d.keyword = (k) => d.fieldMap.get(k) || d.wireMap.get(k);
    d.names = () => d.fields.filter((f) => f.n !== d.expand || !d.expandTarget).map((f) => f.n)
      .concat(d.expandTarget ? d.expandTarget.fields.map((f) => f.n) : []);
    d.concrete = () => d.kinds.map(descOf);
    d.tagKeys = () => [...new Set(d.concrete().flatMap((x) => x.tags.map(([k]) => k)))];
    const ctor = native.newClass(d.i, d);
    const proto = ctor.prototype;
    d.ctor = ctor;
    Object.defineProperty(proto, DESC, { value: d });
    Object.defineProperty(ctor, DESC, { value: d });
    if (d.base) {
      const base = descOf(d.base);
      d.base = base;
      Object.setPrototypeOf(proto, base.ctor.prototype);
      Object.setPrototypeOf(ctor, base.ctor);
    } else {
      d.base = null;
      // A missing static reads on to the guard; instanceof stops here.
      Object.setPrototypeOf(ctor, classGuard);
      hidden(ctor, Symbol.hasInstance, Function.prototype[Symbol.hasInstance]);
    }
    if (d.expand) {
      const field = d.fieldMap.get(d.expand);
      const t = field.t.class ? descOf(field.t.class) : (field.t.union || []).map((a) => a.class && descOf(a.class)).find(Boolean);
      d.expandTarget = t && !t.abstract ? t : null;
    }
    d.maxPositional = d.positional.length;
    if (d.expandTarget && d.positional.includes(d.fieldMap.get(d.expand))) {
      d.maxPositional = Math.max(d.maxPositional, d.positional.indexOf(d.fieldMap.get(d.expand)) + d.expandTarget.positional.length);
    }
    hidden(proto, 'toJSON', native.toJSON);
    hidden(ctor, 'from', function (data) { return structure(d, data); });
    hidden(ctor, 'help', function () { return native.help(d.id); });
    hidden(ctor, 'toString', function () { return '[class ' + d.display + ']'; });
    // camelCase accessors beside the snake_case fields (pool.qualityControl).
    for (const f of d.fields) {
      const cc = camel(f.n);
      if (cc !== f.n && !d.fieldMap.has(cc) && !(cc in proto)) {
        Object.defineProperty(proto, cc, {
          get() { return this[f.n]; },
          set(v) { this[f.n] = v === null || v === undefined ? v : check(f.t, v, d.display + '.' + f.n); },
          configurable: true,
        });
      }
    }
    for (const [name, path] of d.setters || []) {
      const fn = function (...args) { setPath(this, d, path, args, d.display + '.' + name); return this; };
      hidden(proto, name, fn);
      hidden(proto, camel(name), fn);
    }
    for (const [name, field, value] of d.checks || []) {
      const fn = function () { return this[field] === value; };
      hidden(proto, name, fn);
      hidden(proto, camel(name), fn);
    }
    // Nested classes and enums are statics (Pool.Status, Task.BaselineSolution).
    for (const n of d.nested || []) Object.defineProperty(ctor, short(descOf(n).name), { value: descOf(n).ctor, enumerable: true });
    for (const id of d.enums || []) {
      const { desc: e, obj } = enumOf(id);
      Object.defineProperty(ctor, short(e.name), { value: obj, enumerable: true });
      if (e.shortcut) for (const [n, v] of e.members) Object.defineProperty(ctor, n, { value: v, enumerable: true });
    }
    for (const fn of classHooks) fn(d);
    for (const fn of extensions[id] || []) fn(proto, ctor, d);
    return d;
  }

  // setPath is a set_… helper: it builds the field's class from the arguments
  // (toloka-kit's expansion) unless given an instance, and sets it.
  function setPath(self, d, path, args, where) {
    const parts = path.split('.');
    let obj = self, od = d;
    for (const p of parts.slice(0, -1)) {
      const f = od.fieldMap.get(p);
      if (obj[p] === undefined || obj[p] === null) obj[p] = build(descOf(f.t.class), [], {}, where);
      obj = obj[p];
      od = obj[DESC];
    }
    const f = od.fieldMap.get(parts[parts.length - 1]);
    let v;
    const cls = f.t.class && descOf(f.t.class);
    if (cls && !(args.length === 1 && (args[0] === null || (args[0] && args[0][DESC])))) {
      v = cls.abstract && args.length === 1 && isPlain(args[0]) ? check(f.t, args[0], where) : construct(cls, args, where);
    } else {
      if (args.length !== 1) fail(where, 'expected one argument, got ' + args.length);
      v = args[0] === null ? null : check(f.t, args[0], where);
    }
    obj[f.n] = v;
  }

  // ---- guards -----------------------------------------------------------------

  // A namespace or class throws on a member it does not have, with the
  // closest one, instead of giving undefined (collectors.GOLDENSET). The guards
  // are prototypes, where a lookup ends when nothing else has the name: the
  // namespaces' (Go objects) and the root classes' constructors'.
  const quiet = new Set(['then', 'toJSON', 'inspect', 'constructor', 'valueOf', 'length', 'prototype', '__proto__',
    'asymmetricMatch', 'nodeType', 'name', 'caller', 'arguments', 'apply', 'call', 'bind', 'toString', 'default', '__esModule']);
  const passes = (t, prop) => typeof prop === 'symbol' || prop in t || quiet.has(prop) || prop.startsWith('_') || prop.startsWith('@@');
  const namespaceGuard = new Proxy({}, {
    get(t, prop, receiver) {
      if (passes(t, prop)) return Reflect.get(t, prop, receiver);
      const names = Object.keys(receiver).filter((n) => !quiet.has(n)).concat('help');
      throw new TypeError(native.where(receiver) + '.' + prop + ' is not defined' + didYouMean(prop, names));
    },
  });
  const classGuard = new Proxy(Object.create(Function.prototype), {
    get(t, prop, receiver) {
      if (passes(t, prop)) return Reflect.get(t, prop, receiver);
      const names = [];
      for (let o = receiver; o && o !== classGuard; o = Object.getPrototypeOf(o)) {
        names.push(...Object.getOwnPropertyNames(o).filter((n) => !quiet.has(n)));
      }
      const d = receiver[DESC];
      throw new TypeError((d ? d.display : 'class') + '.' + prop + ' is not defined' + didYouMean(prop, names));
    },
  });

  const api = {
    DESC, EXTRA, Unchecked, unchecked, special, namespaceGuard, native,
    classFor: (id) => descOf(id).ctor, enumFor: (id) => enumOf(id).obj, descOf, onClass, extend,
    check, build, construct, structure, unstructure, unstructureValue,
    fail, describe, didYouMean, isPlain, isComponent, listOf,
  };
  install(api, special);
  return api;
})
