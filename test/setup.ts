// Mocha root hook: every test file runs on the backend chosen by AT_BACKEND (scripts/test.sh runs the
// suite once per backend), after the same initialisation a notebook gets.
import { initBackend } from "../lib/backend";

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60000);
    await initBackend();
  },
};
