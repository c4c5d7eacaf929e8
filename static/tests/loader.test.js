/* The widget's pure helpers under Node's built-in test runner:
   node --test static/tests/ (runtime/run_tests.py runs it). */
'use strict';
const assert = require('node:assert/strict');
const test = require('node:test');
const {slotFor, retryDelay} = require('../src/widget/loader.js');

/* The widget's log as showMessage() keeps it: ids top to bottom. */
const showAll = ids => {
  const shown = [0];  // the welcome, no id
  for (const id of ids) {
    const slot = slotFor(shown, id);
    if (slot !== null) shown.splice(slot, 0, id);
  }
  return shown;
};

/* A seeded generator: the same arrivals on every run. */
const seeded = seed => () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

test('messages are shown in id order whatever order they arrive in', () => {
  assert.deepEqual(showAll([5, 3, 9, 4, 1]), [0, 1, 3, 4, 5, 9]);
  assert.deepEqual(showAll([7, 8, 2]), [0, 2, 7, 8]);  // a reply with a lower id after a poll
});

test('each message is shown once, however often it arrives', () => {
  assert.equal(slotFor([0, 4, 6], 4), null);
  assert.deepEqual(showAll([3, 3, 1, 3, 1]), [0, 1, 3]);
});

test('a message without an id goes last and the welcome stays first', () => {
  assert.equal(slotFor([0, 4, 6], 0), 3);
  assert.equal(slotFor([0, 4, 6], 1), 1);
});

test('any arrival order of a chat, repeats included, shows it once in order', () => {
  const random = seeded(17);
  for (let round = 0; round < 200; round++) {
    const ids = Array.from({length: 1 + Math.floor(random() * 40)}, () => 1 + Math.floor(random() * 60));
    const expected = [0, ...new Set(ids)].sort((a, b) => a - b);
    assert.deepEqual(showAll(ids), expected, `arrivals ${ids}`);
  }
});

test('polls back off exponentially from one second, with jitter', () => {
  assert.equal(retryDelay(0, 0.5), 1000);
  assert.equal(retryDelay(1, 0.5), 2000);
  assert.equal(retryDelay(3, 0.5), 8000);
  assert.equal(retryDelay(0, 0), 500);  // ±50 %
  assert.ok(retryDelay(0, 0.999) < 1500);
});

test('the backoff stops growing at thirty seconds', () => {
  assert.equal(retryDelay(5, 0.5), 30000);
  assert.equal(retryDelay(50, 0.5), 30000);
  assert.equal(retryDelay(2000, 0.5), 30000);  // 2 ** 2000 is Infinity: still capped
});

test('the backoff draws its jitter from Math.random by default', () => {
  const delays = Array.from({length: 50}, () => retryDelay(2));
  assert.ok(delays.every(delay => delay >= 2000 && delay < 6000));
  assert.ok(new Set(delays).size > 1);
});
