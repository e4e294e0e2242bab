// require('toloka/metrics'): toloka-kit's metrics. Each class keeps its
// options and a Go metric (client/metrics) that does the measuring off the
// event loop; getLines() is a Promise of {line_name: [[Date, value], …]}.
(function (native) {
  'use strict';
  const TYPE = Symbol.for('tolokash.type');

  function options(where, opts, known) {
    if (opts === undefined || opts === null) return {};
    if (typeof opts !== 'object' || Array.isArray(opts)) throw new TypeError(where + ': the options must be an object');
    for (const k of Object.keys(opts)) {
      if (!known.includes(k)) {
        const close = native.suggest(k, known);
        throw new TypeError(where + ': unknown option ' + k + (close ? '; did you mean ' + close + '?' : ' (known: ' + known.join(', ') + ')'));
      }
    }
    return opts;
  }

  const COMMON = ['toloka_client', 'timeout'];

  class BaseMetric {
    constructor(kind, id, opts, known) {
      const o = options(kind, opts, COMMON.concat(known));
      Object.defineProperty(this, '_m', { value: native.newMetric(kind, id, o) });
      Object.defineProperty(this, TYPE, { value: kind });
      this.toloka_client = o.toloka_client === undefined ? null : o.toloka_client;
      this.timeout = o.timeout === undefined ? '10s' : o.timeout;
      native.checkDuration(kind + ': option timeout', this.timeout);
      for (const k of known) if (o[k] !== undefined) this[k] = o[k];
    }
    set_client(toloka_client) { this._m.setClient(toloka_client); this.toloka_client = toloka_client; }
    get_line_names() { return this._m.lineNames(); }
    get_lines() {
      if (this.toloka_client === null) return Promise.reject(new TypeError(this[TYPE] + '.get_lines: no client: pass {toloka_client: toloka} or call bind_client'));
      return this._m.lines();
    }
    get beautiful_name() { return this[TYPE].replace(/([a-z])([A-Z])/g, '$1 $2'); }
  }
  for (const [snake, camel] of [['set_client', 'setClient'], ['get_line_names', 'getLineNames'], ['get_lines', 'getLines']]) {
    Object.defineProperty(BaseMetric.prototype, camel, { value: BaseMetric.prototype[snake], writable: true, configurable: true });
  }

  function pooled(kind, known) {
    return ({ [kind]: class extends BaseMetric {
      constructor(pool_id, opts) {
        if (typeof pool_id === 'number') pool_id = String(pool_id);
        if (typeof pool_id !== 'string' || pool_id === '') throw new TypeError(kind + ': pool_id: expected a string id, got ' + typeof pool_id);
        super(kind, pool_id, opts, known);
        this.pool_id = pool_id;
      }
    } })[kind];
  }
  function plain(kind, known) {
    return ({ [kind]: class extends BaseMetric {
      constructor(opts) { super(kind, '', opts, known); }
    } })[kind];
  }
  const LAG = ['cursor_time_lag', 'join_events'];
  const exports = {
    BaseMetric,
    Balance: plain('Balance', ['balance_name']),
    NewUserBonuses: plain('NewUserBonuses', ['count_name', 'money_name'].concat(LAG)),
    NewMessageThreads: plain('NewMessageThreads', ['count_name', 'projects_name', 'pools_name'].concat(LAG)),
    NewUserSkills: ({ NewUserSkills: class extends BaseMetric {
      constructor(skill_id, opts) {
        if (typeof skill_id === 'number') skill_id = String(skill_id);
        if (typeof skill_id !== 'string' || skill_id === '') throw new TypeError('NewUserSkills: skill_id: expected a string id, got ' + typeof skill_id);
        super('NewUserSkills', skill_id, opts, ['count_name', 'value_name'].concat(LAG));
        this.skill_id = skill_id;
      }
    } }).NewUserSkills,
    AssignmentEventsInPool: pooled('AssignmentEventsInPool', ['created_name', 'submitted_name', 'accepted_name', 'rejected_name',
      'skipped_name', 'expired_name'].concat(LAG)),
    PoolCompletedPercentage: pooled('PoolCompletedPercentage', ['percents_name']),
    AssignmentsInPool: pooled('AssignmentsInPool', ['submitted_name', 'accepted_name', 'rejected_name', 'skipped_name']),
    TasksInPool: pooled('TasksInPool', ['tasks_name']),
    SpentBudgetOnPool: pooled('SpentBudgetOnPool', ['money_name']),
    WorkersByFilterOnPool: pooled('WorkersByFilterOnPool', ['workers_name', 'interval_hours']),
    BansInPool: pooled('BansInPool', ['count_name', 'filter_by_comment'].concat(LAG)),
  };

  function bind_client(metrics, toloka_client) {
    if (!Array.isArray(metrics)) throw new TypeError('bind_client: expected a list of metrics');
    for (const m of metrics) {
      if (!(m instanceof BaseMetric)) throw new TypeError('bind_client: ' + String(m) + ' is not a metric of toloka/metrics');
      m.set_client(toloka_client);
    }
    return metrics;
  }

  class MetricCollector {
    constructor(metrics, callback) {
      if (!Array.isArray(metrics)) throw new TypeError('MetricCollector: expected a list of metrics');
      const seen = {};
      metrics.forEach((m, i) => {
        if (!(m instanceof BaseMetric)) throw new TypeError('MetricCollector: item ' + (i + 1) + ' is not a metric of toloka/metrics');
        for (const name of m.get_line_names()) {
          if (seen[name]) throw new Error('MetricCollector: ' + seen[name] + ' and ' + m[TYPE] + ' both give a line named "' + name + '"');
          seen[name] = m[TYPE];
        }
      });
      if (typeof callback !== 'function') throw new TypeError('MetricCollector: expected a function to call with the points');
      this.metrics = metrics;
      Object.defineProperty(this, '_callback', { value: callback });
      Object.defineProperty(this, '_run', { value: null, writable: true });
    }
    run() {
      if (this._run !== null) throw new Error('MetricCollector.run: running already');
      for (const m of this.metrics) {
        if (m.toloka_client === null) throw new TypeError('MetricCollector.run: ' + m[TYPE] + ' has no client: call bind_client(metrics, toloka)');
      }
      const run = native.collect(this.metrics.map(m => m._m), this._callback, this.metrics.map(m => m.timeout));
      this._run = run;
      return run.promise.then(v => { this._run = null; return v; }, e => { this._run = null; throw e; });
    }
    stop() { if (this._run !== null) this._run.stop(); }
  }

  return Object.assign(exports, { bind_client, bindClient: bind_client, MetricCollector });
})
