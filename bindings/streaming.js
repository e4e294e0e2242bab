// require('toloka/streaming'): toloka-kit's streaming classes. They hold what
// a script sets up; Go (client/streaming) runs the pipeline, reading events
// off the event loop and calling the callbacks on it.
(function (native) {
  'use strict';
  const TYPE = Symbol.for('tolokash.type');
  const EVENT_TYPES = ['CREATED', 'SUBMITTED', 'ACCEPTED', 'REJECTED', 'SKIPPED', 'EXPIRED'];
  const POOL_STATUSES = ['OPEN', 'CLOSED', 'ARCHIVED', 'LOCKED'];

  function checkCallback(where, cb) {
    if (typeof cb === 'function' || (cb !== null && typeof cb === 'object' && typeof cb.handle === 'function')) return;
    throw new TypeError(where + ': expected a function or an object with a handle() method, got ' +
      (cb === null ? 'null' : typeof cb));
  }

  function checkOptions(where, options, known) {
    if (options === undefined || options === null) return {};
    if (typeof options !== 'object' || Array.isArray(options)) throw new TypeError(where + ': the options must be an object');
    for (const k of Object.keys(options)) {
      if (!known.includes(k)) {
        const close = native.suggest(k, known);
        throw new TypeError(where + ': unknown option ' + k + (close ? '; did you mean ' + close + '?' : ' (known: ' + known.join(', ') + ')'));
      }
    }
    return options;
  }

  function checkPool(where, poolId) {
    if (typeof poolId === 'number') return String(poolId);
    if (typeof poolId !== 'string' || poolId === '') throw new TypeError(where + ': pool_id: expected a string id, got ' + typeof poolId);
    return poolId;
  }

  // Both names of each method: toloka-kit's snake_case one and camelCase.
  function aliases(proto, names) {
    for (const snake of names) {
      const camel = snake.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
      if (camel !== snake) Object.defineProperty(proto, camel, { value: proto[snake], writable: true, configurable: true });
    }
  }

  class AssignmentsObserver {
    constructor(toloka_client, pool_id, options) {
      native.checkClient('AssignmentsObserver', toloka_client);
      const opts = checkOptions('AssignmentsObserver', options, ['cursor_time_lag']);
      this.toloka_client = toloka_client;
      this.pool_id = checkPool('AssignmentsObserver', pool_id);
      this.cursor_time_lag = opts.cursor_time_lag === undefined ? '1m' : opts.cursor_time_lag;
      native.checkDuration('AssignmentsObserver: option cursor_time_lag', this.cursor_time_lag);
      Object.defineProperty(this, '_callbacks', { value: {} });
      Object.defineProperty(this, TYPE, { value: 'AssignmentsObserver' });
    }
    register_callback(callback, event_type) {
      const type = String(event_type).toUpperCase();
      if (!EVENT_TYPES.includes(type)) throw new TypeError('AssignmentsObserver.register_callback: unknown event type ' + event_type + ' (one of ' + EVENT_TYPES.join(', ') + ')');
      checkCallback('AssignmentsObserver.on_' + type.toLowerCase(), callback);
      (this._callbacks[type] = this._callbacks[type] || []).push(callback);
      return callback;
    }
    on_created(callback) { return this.register_callback(callback, 'CREATED'); }
    on_submitted(callback) { return this.register_callback(callback, 'SUBMITTED'); }
    on_accepted(callback) { return this.register_callback(callback, 'ACCEPTED'); }
    on_rejected(callback) { return this.register_callback(callback, 'REJECTED'); }
    on_skipped(callback) { return this.register_callback(callback, 'SKIPPED'); }
    on_expired(callback) { return this.register_callback(callback, 'EXPIRED'); }
    on_any_event(callback) {
      for (const t of EVENT_TYPES) this.register_callback(callback, t);
      return callback;
    }
    get_unique_key() { return 'AssignmentsObserver(pool ' + this.pool_id + ')'; }
  }
  aliases(AssignmentsObserver.prototype, ['register_callback', 'on_created', 'on_submitted', 'on_accepted', 'on_rejected',
    'on_skipped', 'on_expired', 'on_any_event', 'get_unique_key']);

  class PoolStatusObserver {
    constructor(toloka_client, pool_id) {
      native.checkClient('PoolStatusObserver', toloka_client);
      this.toloka_client = toloka_client;
      this.pool_id = checkPool('PoolStatusObserver', pool_id);
      Object.defineProperty(this, '_callbacks', { value: {} });
      Object.defineProperty(this, TYPE, { value: 'PoolStatusObserver' });
    }
    register_callback(callback, changed_to) {
      const status = String(changed_to).toUpperCase();
      if (!POOL_STATUSES.includes(status)) throw new TypeError('PoolStatusObserver.register_callback: unknown pool status ' + changed_to + ' (one of ' + POOL_STATUSES.join(', ') + ')');
      checkCallback('PoolStatusObserver.on_' + status.toLowerCase(), callback);
      (this._callbacks[status] = this._callbacks[status] || []).push(callback);
      return callback;
    }
    on_open(callback) { return this.register_callback(callback, 'OPEN'); }
    on_closed(callback) { return this.register_callback(callback, 'CLOSED'); }
    on_archieved(callback) { return this.register_callback(callback, 'ARCHIVED'); }
    on_locked(callback) { return this.register_callback(callback, 'LOCKED'); }
    on_status_change(callback) {
      for (const s of POOL_STATUSES) this.register_callback(callback, s);
      return callback;
    }
    get_unique_key() { return 'PoolStatusObserver(pool ' + this.pool_id + ')'; }
  }
  aliases(PoolStatusObserver.prototype, ['register_callback', 'on_open', 'on_closed', 'on_archieved', 'on_locked',
    'on_status_change', 'get_unique_key']);
  PoolStatusObserver.prototype.onArchived = PoolStatusObserver.prototype.on_archieved;

  class JSONLocalStorage {
    constructor(dirname) {
      if (typeof dirname !== 'string' || dirname === '') throw new TypeError('JSONLocalStorage: expected the directory to keep the state in, got ' + typeof dirname);
      this.dirname = dirname;
      Object.defineProperty(this, TYPE, { value: 'JSONLocalStorage' });
    }
  }

  class Pipeline {
    constructor(options) {
      const opts = checkOptions('Pipeline', options, ['period', 'storage', 'name', 'iteration_mode']);
      this.period = opts.period === undefined ? '60s' : opts.period;
      native.checkDuration('Pipeline: option period', this.period);
      if (opts.storage !== undefined && opts.storage !== null && !(opts.storage instanceof JSONLocalStorage)) {
        throw new TypeError('Pipeline: option storage: expected a JSONLocalStorage');
      }
      this.storage = opts.storage || null;
      this.name = opts.name === undefined ? null : String(opts.name);
      this.iteration_mode = opts.iteration_mode === undefined ? 'FIRST_COMPLETED' : opts.iteration_mode;
      Object.defineProperty(this, '_observers', { value: [] });
      Object.defineProperty(this, '_run', { value: null, writable: true });
      Object.defineProperty(this, TYPE, { value: 'Pipeline' });
    }
    register(observer) {
      if (!(observer instanceof AssignmentsObserver) && !(observer instanceof PoolStatusObserver)) {
        throw new TypeError('Pipeline.register: expected an AssignmentsObserver or a PoolStatusObserver');
      }
      const key = observer.get_unique_key();
      if (this._observers.some(o => o.get_unique_key() === key)) {
        throw new Error('Pipeline.register: ' + key + ' is registered already: add callbacks to it rather than a second observer');
      }
      this._observers.push(observer);
      return observer;
    }
    observers_iter() { return this._observers[Symbol.iterator](); }
    run() {
      if (this._run !== null) throw new Error('Pipeline.run: this pipeline is running already');
      const run = native.run(this, this._observers);
      this._run = run;
      return run.promise.then(v => { this._run = null; return v; }, e => { this._run = null; throw e; });
    }
    stop() { if (this._run !== null) this._run.stop(); }
  }
  aliases(Pipeline.prototype, ['observers_iter']);

  return {
    Pipeline, AssignmentsObserver, PoolStatusObserver, JSONLocalStorage,
    IterationMode: Object.freeze({ ALL_COMPLETED: 'ALL_COMPLETED', FIRST_COMPLETED: 'FIRST_COMPLETED' }),
    AssignmentEvent: Object.freeze({ Type: Object.freeze(Object.fromEntries(EVENT_TYPES.map(t => [t, t]))) }),
  };
})
