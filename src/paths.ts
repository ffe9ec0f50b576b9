import path from 'node:path';
import envPaths from 'env-paths';

export interface OssScoutPaths {
  configDir: string;
  dataDir: string;
  cacheDir: string;
  stateFile: string;
  profileFile: string;
  reposFile: string;
}

/**
 * OSS_SCOUT_HOME puts everything under one folder (tests, portable installs);
 * otherwise the platform's XDG-style directories.
 */
export function resolvePaths(env: NodeJS.ProcessEnv = process.env): OssScoutPaths {
  const home = env.OSS_SCOUT_HOME;
  let configDir: string;
  let dataDir: string;
  let cacheDir: string;
  if (home !== undefined && home !== '') {
    const root = path.resolve(home);
    configDir = path.join(root, 'config');
    dataDir = path.join(root, 'data');
    cacheDir = path.join(root, 'cache');
  } else {
    const p = envPaths('oss-scout', { suffix: '' });
    configDir = p.config;
    dataDir = p.data;
    cacheDir = p.cache;
  }
  return {
    configDir,
    dataDir,
    cacheDir,
    stateFile: path.join(dataDir, 'state.json'),
    profileFile: path.join(configDir, 'profile.json'),
    reposFile: path.join(configDir, 'repos.json'),
  };
}
