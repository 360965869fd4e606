/** @module Loads YAML config, applies IPSHADOW_* environment overrides and validates with zod. */
import { readFileSync, existsSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { IpshadowError } from '../core/errors';
import { configSchema, type Config } from './schema';

const ENV_PREFIX = 'IPSHADOW_';

/** Converts `TIMEOUT_MS` to `timeoutMs`. */
function camel(segment: string): string {
  return segment.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Applies `IPSHADOW_A__B_C=v` as `a.bC = v`; values are read as YAML scalars so numbers and booleans work. */
export function applyEnvOverrides(doc: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  for (const [key, raw] of Object.entries(env)) {
    if (!key.startsWith(ENV_PREFIX) || raw === undefined || key === 'IPSHADOW_CONFIG') continue;
    const path = key.slice(ENV_PREFIX.length).split('__').map(camel);
    let node = doc;
    for (const seg of path.slice(0, -1)) {
      const next = node[seg];
      node = (node[seg] = typeof next === 'object' && next !== null ? next : {}) as Record<string, unknown>;
    }
    node[path[path.length - 1] as string] = raw === '' ? raw : parseYaml(raw);
  }
  return doc;
}

/** Flattens zod issues to `[path, message]`, one per unknown key so each bad key is named in full. */
export function issuePaths(issues: readonly z.core.$ZodIssue[]): Array<[string, string]> {
  return issues.flatMap((i): Array<[string, string]> => {
    const base = i.path.map(String);
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => [[...base, k].join('.'), 'unknown key']);
    return [[base.length ? base.join('.') : '(root)', i.message]];
  });
}

/** Validates a parsed document; throws CONFIG_INVALID naming each bad key path. */
export function parseConfig(doc: unknown, source = '(inline)'): Config {
  const result = configSchema.safeParse(doc);
  if (!result.success) {
    const issues = issuePaths(result.error.issues);
    const detail = issues.map(([path, message]) => `${path}: ${message}`).join('\n');
    throw new IpshadowError('CONFIG_INVALID', `invalid config ${source}:\n${detail}`, { source, paths: issues.map(([path]) => path) });
  }
  return deepFreeze(result.data);
}

/** Reads the YAML file (optional when env supplies everything), applies env overrides, validates. */
export function loadConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env): Config {
  const path = file ?? env.IPSHADOW_CONFIG;
  let doc: unknown = {};
  if (path !== undefined) {
    if (!existsSync(path)) throw new IpshadowError('CONFIG_INVALID', `config file not found: ${path}`, { source: path });
    try {
      doc = parseYaml(readFileSync(path, 'utf8')) ?? {};
    } catch (err) {
      throw new IpshadowError('CONFIG_INVALID', `config file ${path} is not valid YAML: ${(err as Error).message}`, { source: path }, err);
    }
    if (typeof doc !== 'object' || Array.isArray(doc)) {
      throw new IpshadowError('CONFIG_INVALID', `config file ${path}: (root): expected a mapping`, { source: path });
    }
  }
  return parseConfig(applyEnvOverrides(doc as Record<string, unknown>, env), path ?? '(environment)');
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
