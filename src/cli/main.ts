#!/usr/bin/env node
/** @module The `ipshadow` command line: parses flags and hands off to one command module each. */
import { Command } from 'commander';
import { IpshadowError } from '../core/errors';
import { backtestCommand } from './commands/backtest';
import { collectCommand } from './commands/collect';
import { demoCommand } from './commands/demo';
import { forecastCommand } from './commands/forecast';
import { leadTrainCommand } from './commands/lead-train';
import { netboxSetupCommand } from './commands/netbox-setup';
import { serveCommand } from './commands/serve';
import { shadowCommand } from './commands/shadow';
import { statusCommand } from './commands/status';
import { syncCommand } from './commands/sync';
import { EXIT } from './context';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const version = (require('../../package.json') as { version: string }).version;

const program = new Command('ipshadow')
  .description('predictive shadow inventory for NetBox IPAM and ISC Kea')
  .version(version)
  .option('-c, --config <file>', 'YAML config file (default: $IPSHADOW_CONFIG; IPSHADOW_A__B=v overrides a.b)');
netboxSetupCommand(program.command('netbox').description('NetBox integration'));
syncCommand(program);
serveCommand(program, version);
statusCommand(program);
shadowCommand(program);
collectCommand(program);
forecastCommand(program);
backtestCommand(program);
leadTrainCommand(program);
demoCommand(program, version);

program.parseAsync(process.argv).catch((err: unknown) => {
  const code = err instanceof IpshadowError && err.code === 'CONFIG_INVALID' ? EXIT.config : EXIT.failure;
  process.stderr.write(`ipshadow: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(code);
});
