// Behaviour of the model classes that is not data: filter and condition
// operators (Python's < & | ~), the pool's filter shape, quality-control rules,
// the Template Builder config string and lock, the overlap pair of tasks, and
// toloka-kit's helper methods. models.js calls this with its internals.
// Nothing here builds a class: extend(id, fn) runs fn when the class is built,
// so that require('toloka') costs only what a script uses.
(function (api, special) {
  'use strict';
  const { descOf, onClass, extend, native, DESC, check, construct, unstructureValue, fail, isPlain, didYouMean, listOf } = api;
  const cls = (id) => descOf(id).ctor;
  const hidden = (obj, name, value) => Object.defineProperty(obj, name, { value, writable: true, configurable: true });
  const both = (obj, snake, fn) => {
    hidden(obj, snake, fn);
    hidden(obj, snake.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase()), fn);
  };

  // ---- filters ----------------------------------------------------------------

  const FilterOr = () => cls('filter.FilterOr'), FilterAnd = () => cls('filter.FilterAnd');
  const Condition = () => cls('filter.Condition'), FilterCondition = () => cls('filter.FilterCondition');
  const condition = (other, where) => check({ class: 'filter.FilterCondition' }, other, where);
  extend('filter.FilterCondition', (proto) => {
    hidden(proto, 'or', function (other) {
      if (other instanceof FilterOr()) return new (FilterOr())([...other.or_, this]);
      return new (FilterOr())([this, condition(other, 'filter.or')]);
    });
    hidden(proto, 'and', function (other) {
      if (other instanceof FilterAnd()) return new (FilterAnd())([...other.and_, this]);
      return new (FilterAnd())([this, condition(other, 'filter.and')]);
    });
  });
  // not() is Python's ~: the opposite condition.
  const opposite = { EQ: 'NE', NE: 'EQ', GT: 'LTE', GTE: 'LT', LT: 'GTE', LTE: 'GT', IN: 'NOT_IN', NOT_IN: 'IN' };
  extend('filter.FilterOr', (proto) => {
    hidden(proto, 'or', function (other) { return new (FilterOr())([...this.or_, condition(other, 'filter.or')]); });
    hidden(proto, Symbol.iterator, function () { return this.or_[Symbol.iterator](); });
    hidden(proto, 'not', function () { return new (FilterAnd())(this.or_.map((c) => c.not())); });
  });
  extend('filter.FilterAnd', (proto) => {
    hidden(proto, 'and', function (other) { return new (FilterAnd())([...this.and_, condition(other, 'filter.and')]); });
    hidden(proto, Symbol.iterator, function () { return this.and_[Symbol.iterator](); });
    hidden(proto, 'not', function () { return new (FilterOr())(this.and_.map((c) => c.not())); });
  });
  extend('filter.Condition', (proto) => hidden(proto, 'not', function () {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this)), this);
    const d = this[DESC];
    if ((d.id === 'filter.AdultAllowed' || d.id === 'filter.Verified') && this.operator !== 'NE') copy.value = !this.value;
    else if (d.id === 'filter.AdultAllowed' || d.id === 'filter.Verified') copy.operator = 'EQ';
    else copy.operator = opposite[this.operator];
    return copy;
  }));

  // Comparison constructors, from the type of each class's operator:
  // Languages.in('EN'), Education.eq('HIGH'), GoldenSetCorrectAnswersRate.lt(60).
  const operators = {
    'primitives.operators.CompareOperator': { lt: 'LT', lte: 'LTE', gt: 'GT', gte: 'GTE', eq: 'EQ', ne: 'NE' },
    'primitives.operators.IdentityOperator': { eq: 'EQ', ne: 'NE' },
    'primitives.operators.InclusionOperator': { in: 'IN', in_: 'IN', include: 'IN', not_in: 'NOT_IN', notIn: 'NOT_IN', exclude: 'NOT_IN' },
  };
  onClass((d) => {
    const op = d.fieldMap.get('operator');
    if (!op || !op.t.enum || !operators[op.t.enum]) return;
    const methods = operators[op.t.enum];
    if (d.positional[0] === op) {
      if (d.abstract) return;
      for (const [name, value] of Object.entries(methods)) {
        hidden(d.ctor, name, (...args) => construct(d, [value, ...args]));
      }
    } else {
      // Skill('123').gt(70): the key comes first, the comparison is a method.
      for (const [name, value] of Object.entries(methods)) {
        hidden(d.ctor.prototype, name, function (v) { return construct(d, [this.key, value, v]); });
      }
    }
  });

  // Languages with a list is any of them (not in: none of them); verified
  // asks for a passed language test, toloka-kit's skill per language.
  const verifiedSkills = { AR: '30724', DE: '26377', EN: '26366', ES: '32346', FR: '26711', HE: '44954', HU: '54378',
    ID: '39821', JA: '26513', PT: '26714', RU: '26296', SV: '29789', UK: '48836', 'ZH-HANS': '44742' };
  special.init['filter.Languages'] = (self, args, where) => {
    const Languages = cls('filter.Languages');
    const langs = Array.isArray(self.value) ? self.value : [self.value];
    if (args.get('verified')) {
      if (self.operator === 'NOT_IN') fail(where, 'verified: true works with in, not with not_in');
      const unknown = langs.filter((l) => !verifiedSkills[l]);
      if (unknown.length) fail(where, 'no language test for ' + unknown.join(', ') + ' (there are tests for ' + Object.keys(verifiedSkills).join(', ') + ')');
      return new (FilterOr())(langs.map((l) => new (FilterAnd())([new Languages(self.operator, l), cls('filter.Skill')(verifiedSkills[l]).eq(100)])));
    }
    if (Array.isArray(self.value)) {
      const parts = self.value.map((l) => new Languages(self.operator, l));
      return self.operator === 'IN' ? new (FilterOr())(parts) : new (FilterAnd())(parts);
    }
    return undefined;
  };

  // A pool's filter is sent as an AND of ORs, as toloka-kit sends it.
  special.unstructure['pool.Pool'] = (self, out) => {
    const f = self.filter;
    const u = (x) => unstructureValue(x);
    if (f instanceof Condition()) out.filter = { and: [{ or: [u(f)] }] };
    else if (f instanceof FilterOr()) out.filter = { and: [u(f)] };
    else if (f instanceof FilterAnd()) out.filter = { and: f.and_.map((x) => (x instanceof Condition() ? { or: [u(x)] } : u(x))) };
    return out;
  };
  special.unstructure['message_thread.MessageThreadCompose'] = (self, out) => {
    const f = self.recipients_filter;
    if (f instanceof FilterCondition() && !(f instanceof FilterOr()) && !(f instanceof FilterAnd())) {
      out.recipients_filter = { and: [unstructureValue(f)] };
    }
    return out;
  };

  // ---- quality control ---------------------------------------------------------

  // validate_condition: the conditions a collector's statistics can answer.
  extend('collectors.CollectorConfig', (proto) => both(proto, 'validate_condition', function (conditions) {
    const d = this[DESC];
    const allowed = d.allows || [];
    for (const c of conditions) {
      const cd = c && c[DESC];
      if (cd && allowed.length && !allowed.includes(cd.id)) {
        fail('QualityControl.add_action', cd.display + ' does not go with ' + d.display + ' (it takes ' +
          allowed.map((id) => descOf(id).name).join(', ') + ')' + didYouMean(cd.name, allowed.map((id) => descOf(id).name)));
      }
    }
  }));
  // add_action(collector, action, conditions), or add_action({collector, conditions, action}).
  extend('quality_control.QualityControl', (proto, QualityControl) => both(proto, 'add_action', function (...args) {
    const where = 'QualityControl.add_action';
    let collector, action, conditions;
    if (args.length === 1 && isPlain(args[0])) {
      for (const k of Object.keys(args[0])) {
        if (!['collector', 'action', 'conditions'].includes(k)) {
          fail(where, 'unknown option ' + JSON.stringify(k) + didYouMean(k, ['collector', 'conditions', 'action']) + ' (known: collector, conditions, action)');
        }
      }
      ({ collector, action, conditions } = args[0]);
    } else {
      [collector, action, conditions] = args;
    }
    collector = check({ class: 'collectors.CollectorConfig' }, collector, where + ' collector');
    action = check({ class: 'actions.RuleAction' }, action, where + ' action');
    conditions = check({ list: { class: 'conditions.RuleCondition' } }, conditions, where + ' conditions');
    collector.validate_condition(conditions);
    if (!this.configs) this.configs = [];
    const same = JSON.stringify(collector);
    let config = this.configs.find((c) => c && JSON.stringify(c.collector_config) === same);
    const QCConfig = QualityControl.QualityControlConfig;
    if (!config) {
      config = new QCConfig({ rules: [], collector_config: collector });
      this.configs.push(config);
    }
    if (!config.rules) config.rules = [];
    config.rules.push(new QCConfig.RuleConfig({ action, conditions }));
  }));

  // ---- Template Builder --------------------------------------------------------

  // post-order over the objects of a JSON value, as toloka-kit walks a config.
  function* objects(v) {
    if (Array.isArray(v)) { for (const x of v) yield* objects(x); return; }
    if (v === null || typeof v !== 'object') return;
    for (const k of Object.keys(v)) yield* objects(v[k]);
    yield v;
  }
  // A view spec goes as {config: '<JSON string>', lock: {core, <type>: <version>}}:
  // each component's version moves into the lock, which refuses two versions of one type.
  special.unstructure['project.view_spec.TemplateBuilderViewSpec'] = (self, out) => {
    if (out.config === undefined) fail('TemplateBuilderViewSpec', 'needs a config: view (and plugins, vars) or config');
    const lock = { core: out.core_version };
    delete out.core_version;
    for (const o of objects(out.config)) {
      if (!('type' in o) || !('version' in o) || typeof o.type !== 'string' || o.type.startsWith('data.')) continue;
      const v = o.version;
      delete o.version;
      if (!(o.type in lock)) lock[o.type] = v;
      else if (lock[o.type] !== v) fail('TemplateBuilderViewSpec', 'two versions of ' + o.type + ': ' + lock[o.type] + ' and ' + v);
    }
    out.lock = lock;
    out.config = JSON.stringify(out.config, null, 4);
    return out;
  };
  special.structure['project.view_spec.TemplateBuilderViewSpec'] = (data) => {
    const copy = Object.assign({}, data);
    const lock = copy.lock;
    delete copy.lock;
    if (typeof copy.config === 'string') {
      try { copy.config = JSON.parse(copy.config); } catch (e) { fail('TemplateBuilderViewSpec.from', 'config is not JSON: ' + e.message); }
    }
    if (lock) {
      copy.core_version = lock.core;
      for (const o of objects(copy.config)) if (typeof o.type === 'string' && o.type in lock) o.version = lock[o.type];
    }
    return copy;
  };

  // ---- tasks ------------------------------------------------------------------

  // overlap and infinite_overlap are one setting: a number, or infinite.
  // These two are Go's (models_native.go), which runs them without a call
  // here when it builds or writes a task itself.
  for (const id of ['task.Task', 'task_suite.TaskSuite', 'task_suite.TaskSuitePatch']) {
    special.init[id] = native.overlapInit;
    special.unstructure[id] = native.overlapOut;
  }
  extend('task_suite.TaskSuite', (proto) => both(proto, 'add_base_task', function (task) {
    if (!this.tasks) this.tasks = [];
    this.tasks.push(check({ class: 'task.BaseTask' }, task, 'TaskSuite.add_base_task'));
    return this;
  }));

  // ---- projects -----------------------------------------------------------------

  const LocalizationConfig = () => cls('project.localization.LocalizationConfig');
  const AdditionalLanguage = () => cls('project.localization.AdditionalLanguage');
  extend('project.Project', (proto) => both(proto, 'set_default_language', function (language) {
    check('str', language, 'Project.set_default_language language');
    if (!this.localization_config) this.localization_config = new (LocalizationConfig())();
    this.localization_config.default_language = language;
  }));
  // add_requester_translation('RU', {public_name, public_description, public_instructions}).
  extend('project.Project', (proto) => both(proto, 'add_requester_translation', function (language, options) {
    const where = 'Project.add_requester_translation';
    if (isPlain(language)) { options = language; language = options.language; }
    check('str', language, where + ' language');
    const texts = {};
    for (const k of Object.keys(options || {})) {
      if (k === 'language') continue;
      const known = ['public_name', 'public_description', 'public_instructions'];
      if (!known.includes(k)) fail(where, 'unknown option ' + JSON.stringify(k) + didYouMean(k, known) + ' (known: ' + listOf(known) + ')');
      if (options[k] !== undefined && options[k] !== null) texts[k] = check('str', options[k], where + ' ' + k);
    }
    if (!this.localization_config) this.localization_config = new (LocalizationConfig())();
    if (!this.localization_config.additional_languages) this.localization_config.additional_languages = [];
    let t = this.localization_config.additional_languages.find((x) => x.language === language);
    if (!t) {
      t = new (AdditionalLanguage())({ language });
      this.localization_config.additional_languages.push(t);
    }
    for (const [k, v] of Object.entries(texts)) t[k] = new (AdditionalLanguage().FieldTranslation)({ value: v });
  }));
})
