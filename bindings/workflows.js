// toloka.parallel: fan a function out over items with at most `concurrency`
// calls in flight. Go passes in the client's request limit and a progress
// bar that draws only on a terminal.
(function (native) {
  'use strict';
  function parallel(items, fn, options, clientLimit) {
    if (items === null || items === undefined || typeof items[Symbol.iterator] !== 'function') {
      throw new TypeError('toloka.parallel: expected a list or an iterable of items, got ' + (items === null ? 'null' : typeof items));
    }
    if (typeof fn !== 'function') {
      throw new TypeError('toloka.parallel: expected a function to call with each item, got ' + typeof fn);
    }
    const known = ['concurrency', 'progress'];
    const opts = options === undefined || options === null ? {} : options;
    if (typeof opts !== 'object' || Array.isArray(opts)) {
      throw new TypeError('toloka.parallel: the options must be an object {concurrency, progress}');
    }
    for (const k of Object.keys(opts)) {
      if (!known.includes(k)) throw new TypeError('toloka.parallel: unknown option ' + k + ' (known: ' + known.join(', ') + ')');
    }
    const limit = opts.concurrency === undefined ? clientLimit : opts.concurrency;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new TypeError('toloka.parallel: option concurrency: expected a whole number of at least 1, got ' + String(limit));
    }
    const total = Array.isArray(items) ? items.length : null;
    const label = typeof opts.progress === 'string' ? opts.progress : 'parallel';
    const bar = opts.progress === false ? { update() {}, done() {} } : native.progress(label, total);
    const it = items[Symbol.iterator]();
    return new Promise((resolve, reject) => {
      const results = [];
      let started = 0, running = 0, finished = 0, failed = 0, error = null, exhausted = false, settled = false;
      const launch = () => {
        while (error === null && !exhausted && running < limit) {
          let r;
          try {
            r = it.next();
          } catch (e) {
            error = { e };
            break;
          }
          if (r.done) { exhausted = true; break; }
          const i = started++;
          running++;
          let p;
          try { p = Promise.resolve(fn(r.value, i)); } catch (e) { p = Promise.reject(e); }
          p.then(v => { results[i] = v; }, e => { failed++; if (error === null) error = { e }; })
            .then(() => { running--; finished++; bar.update(finished, total === null ? 0 : total, failed); launch(); });
        }
        if (!settled && running === 0 && (exhausted || error !== null)) {
          settled = true;
          bar.done();
          if (error !== null) {
            if (typeof it.return === 'function' && !exhausted) { try { it.return(); } catch (e) { /* the first error wins */ } }
            reject(error.e);
          } else {
            resolve(results);
          }
        }
      };
      launch();
    });
  }
  return { parallel };
})
