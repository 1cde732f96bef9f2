/**
 * The CLI's composition root: `sigstore-action sign|sign-bundle`. Same engine as the action;
 * this file turns argv and the environment into the same typed configuration.
 */
import * as core from '@actions/core';
import { describeError } from '../errors.js';
import { routeSigstoreLogs } from '../action/sigstore-logs.js';
import { runSign } from '../sign/run.js';
import {
  AmbientIdentityProvider,
  StaticIdentityProvider,
  type IdentityProvider,
} from '../sigstore/identity.js';
import { parseSignArgs, parseSignBundleArgs, USAGE, CliUsageError } from './args.js';
import { renderWorkflowCommands } from './workflow-commands.js';
import { signBundle } from './sign-bundle.js';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const verbose = rest.includes('--verbose');
  // Outside a runner, show the toolkit's workflow commands (::debug:: and friends) as plain
  // lines on stderr; inside one, leave them for the runner (it masks secrets from them).
  if (process.env.GITHUB_ACTIONS !== 'true') renderWorkflowCommands({ verbose });
  const stopLogs = routeSigstoreLogs();
  const secrets: string[] = [];
  try {
    switch (command) {
      case 'sign': {
        const { config } = parseSignArgs(rest);
        if (config.identityToken) secrets.push(config.identityToken);
        const report = await runSign(config, {
          baseDir: process.cwd(),
          identityProvider: identityProvider(config.identityToken, secrets),
        });
        const { signed, failed, skipped } = report.outcome;
        if (failed.length > 0) {
          for (const f of failed) core.error(describeError(f.error, secrets));
          core.error(
            `${failed.length} file(s) failed, ${skipped.length} not attempted, ${signed.length} signed.`,
          );
          return 1;
        }
        core.info(`Signed ${signed.length} file(s) as ${signed[0]?.identity ?? '?'}`);
        return 0;
      }
      case 'sign-bundle': {
        const options = parseSignBundleArgs(rest);
        secrets.push(options.identityToken);
        await signBundle(options);
        return 0;
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new CliUsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof CliUsageError) {
      process.stderr.write(`sigstore-action: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    core.error(describeError(err, secrets));
    return 1;
  } finally {
    stopLogs();
  }
}

/** An explicit token, else the ambient one of a GitHub Actions job (in a `run:` step). */
function identityProvider(token: string | undefined, secrets: string[]): IdentityProvider {
  if (token) return new StaticIdentityProvider(token);
  return new AmbientIdentityProvider(process.env, async (audience) => {
    const value = await core.getIDToken(audience);
    secrets.push(value);
    return value;
  });
}

process.exitCode = await main(process.argv.slice(2));
