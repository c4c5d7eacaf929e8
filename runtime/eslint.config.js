// eslint for make test (runtime/lint.py): the visitor's widget, Odoo's backend
// modules of the addon, the Node tests beside them, and this file.
const js = require('@eslint/js');
const globals = require('globals');

module.exports = [
  {basePath: '..'},  // paths below are the repository's, this file lives in runtime/
  js.configs.recommended,
  {
    // loaded by any page with one <script> tag: a classic script, not transpiled.
    // ES2021, the newest syntax it uses (||=): anything newer is refused here.
    // `module`: the pure helpers' export when Node's test runner loads it.
    files: ['static/src/widget/**/*.js'],
    languageOptions: {
      ecmaVersion: 2021, sourceType: 'script',
      globals: {...globals.browser, module: 'readonly'},
    },
  },
  {
    // the window's forms: an ES module the loader imports on first opening
    files: ['static/src/widget/window.js'],
    languageOptions: {sourceType: 'module'},
  },
  {
    // Odoo 11's web client modules (odoo.define), not transpiled; jQuery,
    // underscore and moment.js are globals of its pages
    files: ['static/src/js/**/*.js'],
    languageOptions: {
      ecmaVersion: 2017, sourceType: 'script',
      globals: {...globals.browser, odoo: 'readonly', $: 'readonly', _: 'readonly',
                moment: 'readonly'},
    },
  },
  {
    files: ['**/*.test.js', 'runtime/eslint.config.js'],
    languageOptions: {ecmaVersion: 2022, sourceType: 'commonjs', globals: globals.node},
  },
  {
    rules: {
      eqeqeq: ['error', 'smart'],
      'no-var': 'off',
    },
  },
];
