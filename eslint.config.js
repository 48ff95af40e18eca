// ESLint flat config (eslint 9): the extension is plain browser JavaScript, no bundler.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", "test-output/", "dist/", "companion/metanet/web/static/vendor/"] },
  js.configs.recommended,
  {
    files: ["extension/**/*.js", "companion/metanet/web/static/*.js"],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: "module",
      globals: { ...globals.browser, ...globals.webextensions },
    },
    rules: {
      "no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      eqeqeq: ["error", "always"],
      "no-implied-eval": "error",
      "no-new-func": "error",
      "prefer-const": "error",
      // Page-derived text must never become markup (DESIGN §5).
      "no-restricted-properties": ["error",
        { property: "innerHTML", message: "Build DOM with textContent/createElement (popup/dom.js)." },
        { property: "outerHTML", message: "Only the content script reads outerHTML (the capture)." },
        { property: "insertAdjacentHTML", message: "Build DOM with textContent/createElement." },
      ],
    },
  },
  {
    // Declared content scripts are classic scripts, not modules.
    files: ["extension/content/**/*.js"],
    languageOptions: { sourceType: "script" },
    rules: {
      "no-restricted-properties": ["error",
        { property: "innerHTML", message: "The content script only reads the page." },
        { property: "insertAdjacentHTML", message: "The content script only reads the page." },
      ],
    },
  },
  {
    files: ["eslint.config.js"],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
];
