import packageJson from '../package.json';

/** The CLI's own package: its version and home page go into `--version` and SARIF logs. */
export const CLI_PACKAGE = {
  version: packageJson.version,
  homepage: packageJson.homepage,
};
