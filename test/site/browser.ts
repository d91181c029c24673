// Finding and starting a browser for the site's tests: Debian's chromium (installed by npm run setup where
// apt is usable), driven through puppeteer-core. The flags are those that work in a container without a
// display, a GPU or a sandbox, and keep Chromium from reaching the network on its own.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Browser } from "puppeteer-core";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

/** The browser's executable, or why there is none (the test then skips with that one line). */
export function findBrowser(): { executable: string } | { missing: string } {
  const executable = [process.env.AT_CHROMIUM, ...CANDIDATES].find((file): file is string => !!file && fs.existsSync(file));
  if (!executable) return { missing: "no Chromium found (Debian: apt-get install chromium; or set AT_CHROMIUM)" };
  try {
    require.resolve("puppeteer-core");
  } catch {
    return { missing: "the npm package puppeteer-core is not installed (npm run setup)" };
  }
  return { executable };
}

export async function launch(executable: string): Promise<{ browser: Browser; close: () => Promise<void> }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const puppeteer = require("puppeteer-core") as typeof import("puppeteer-core");
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "at-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: executable,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--allow-file-access-from-files",
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
