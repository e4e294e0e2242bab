// The JavaScript half of the `toloka` bindings: error classes, lazy iterators
// and operations. Go builds the rest from the client's endpoint table.
(function () {
  'use strict';
  const ITER = Symbol.for('tolokash.iterator');
  const INSPECT = Symbol.for('tolokash.inspect');
  const TYPE = Symbol.for('tolokash.type'); // the declared type, for help() and completion
  const HAS_MORE = Symbol.for('tolokash.hasMore');

  class TolokaError extends Error {
    constructor(message, fields) {
      super(message);
      this.name = new.target.name;
      if (fields) Object.assign(this, fields);
    }
  }
  // The subclasses, named by Go's table (errorClasses in errors.go).
  function errorClasses(names) {
    const errors = { TolokaError };
    for (const name of names) errors[name] = ({ [name]: class extends TolokaError {} })[name];
    return errors;
  }

  // LazyIterator pulls pages from `pull` (a function returning an array, or
  // null after the last page) only when its items are asked for. A list
  // method's iterator gives its own next and return instead, from Go
  // (bindings/iterator.go), which fetches the pages itself.
  class LazyIterator {
    constructor(pull, close, own) {
      Object.defineProperty(this, '_pull', { value: pull, writable: true });
      Object.defineProperty(this, '_close', { value: close || null });
      Object.defineProperty(this, '_buf', { value: [], writable: true });
      Object.defineProperty(this, '_i', { value: 0, writable: true });
      Object.defineProperty(this, '_done', { value: false, writable: true });
      if (own) {
        for (const m of ['next', 'return']) {
          Object.defineProperty(this, m, { value: own[m], writable: true, configurable: true });
        }
        Object.defineProperty(this, HAS_MORE, { value: own.hasMore, writable: true, configurable: true });
      }
    }
    static from(iterable) {
      const it = iterable[Symbol.iterator]();
      return new LazyIterator(() => {
        const r = it.next();
        return r.done ? null : [r.value];
      }, () => { if (typeof it.return === 'function') it.return(); });
    }
    [Symbol.iterator]() { return this; }
    next() {
      while (this._i >= this._buf.length) {
        if (this._done) return { value: undefined, done: true };
        const page = this._pull();
        if (page === null || page === undefined) { this._done = true; this._buf = []; return { value: undefined, done: true }; }
        this._buf = page; this._i = 0;
      }
      return { value: this._buf[this._i++], done: false };
    }
    // Whether an item is left, reading the next page if need be but taking
    // nothing: the shell asks before it says "Type it for more".
    [HAS_MORE]() {
      while (this._i >= this._buf.length) {
        if (this._done) return false;
        const page = this._pull();
        if (page === null || page === undefined) { this._done = true; this._buf = []; return false; }
        this._buf = page; this._i = 0;
      }
      return true;
    }
    return(value) {
      if (!this._done) { this._done = true; this._buf = []; if (this._close) this._close(); }
      return { value, done: true };
    }
    take(n) {
      const src = this;
      return LazyIterator.from((function* () {
        if (n <= 0) return;
        let i = 0;
        for (const x of src) { yield x; if (++i >= n) return; }
      })());
    }
    map(fn) {
      const src = this;
      return LazyIterator.from((function* () { let i = 0; for (const x of src) yield fn(x, i++); })());
    }
    filter(fn) {
      const src = this;
      return LazyIterator.from((function* () { let i = 0; for (const x of src) if (fn(x, i++)) yield x; })());
    }
    forEach(fn) { let i = 0; for (const x of this) fn(x, i++); }
    toArray() { const out = []; for (const x of this) out.push(x); return out; }
    first() { for (const x of this) { this.return(); return x; } return undefined; }
    count() { let n = 0; for (const _ of this) n++; return n; }
    [INSPECT]() { return 'LazyIterator { … } (for…of, next(), take(n), map, filter, toArray(), first(), count())'; }
  }
  LazyIterator.prototype[ITER] = true;
  Object.defineProperty(LazyIterator.prototype, TYPE, { value: 'LazyIterator' });

  class Operation {
    constructor(fields, client) {
      Object.assign(this, fields);
      Object.defineProperty(this, '_client', { value: client });
    }
    wait(options) { return this._client.waitOperation(this, options); }
    refresh() { return this._client.getOperation(this.id); }
    log() { return this._client.getOperationLog(this.id); }
    [INSPECT](o) {
      const progress = this.progress !== undefined ? ' ' + this.progress + '%' : '';
      return 'Operation ' + this.id + ' ' + this.type + ' ' + this.status + progress;
    }
  }

  Object.defineProperty(Operation.prototype, TYPE, { value: 'Operation' });

  return { errorClasses, LazyIterator, Operation };
})()
