import type { DockerfileRule } from '../rule';
import devServerInContainer from './dev-server-in-container';
import missingHealthcheck from './missing-healthcheck';
import offStackBaseImage from './off-stack-base-image';
import offStackServer from './off-stack-server';
import pipInstallAdHoc from './pip-install-ad-hoc';
import pipNoCacheDir from './pip-no-cache-dir';
import secretInDockerfile from './secret-in-dockerfile';

/** The Dockerfile rules (§2.7, §2.8), in the order the README lists them. */
export const DOCKERFILE_RULES: readonly DockerfileRule[] = [
  offStackBaseImage,
  missingHealthcheck,
  offStackServer,
  devServerInContainer,
  pipNoCacheDir,
  pipInstallAdHoc,
  secretInDockerfile,
];
