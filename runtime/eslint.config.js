// eslint for make test (runtime/lint.py): the visitor's widget, Odoo's backend
// modules of the addon, and the Node tests beside them.
const js = require('@eslint/js');
const globals = require('globals');

module.exports = [
  {basePath: '..'},  // paths below are the repository's, this file lives in runtime/
  js.configs.recommended,
  {
    // loaded by any page with one <script> tag: a classic script, modern browsers
    files: ['static/src/widget/**/*.js'],
    languageOptions: {ecmaVersion: 2020, sourceType: 'script', globals: globals.browser},
  },
  {
    // Odoo 11's web client modules (odoo.define), not transpiled
    files: ['static/src/js/**/*.js'],
    languageOptions: {
      ecmaVersion: 2017, sourceType: 'script',
      globals: {...globals.browser, odoo: 'readonly', $: 'readonly', _: 'readonly'},
    },
  },
  {
    files: ['**/*.test.js', 'tests/js/**/*.js'],
    languageOptions: {ecmaVersion: 2022, sourceType: 'commonjs', globals: globals.node},
  },
  {
    rules: {
      eqeqeq: ['error', 'smart'],
      'no-var': 'off',
    },
  },
];
