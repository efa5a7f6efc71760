// Shared by the browser test scripts: the Chromium flags this machine needs (no background networking: its closed
// network refuses those connections), and a script's required settings, step log and checks.

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** required(name), log(message) and check(condition, message) for the script tagged `tag`. */
export function harness(tag) {
  const started = Date.now();
  return {
    started,
    required(name) {
      const value = process.env[name];
      if (!value) {
        console.error(`[${tag}] environment variable ${name} is required`);
        process.exit(2);
      }
      return value;
    },
    log(message) {
      console.log(`[${tag}] ${((Date.now() - started) / 1000).toFixed(1)}s ${message}`);
    },
    check(condition, message) {
      if (!condition) {
        throw new Error(message);
      }
    },
  };
}
