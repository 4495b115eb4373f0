import { lastName } from '../core/files';
import { defineModule } from '../core/module';
import { disableEdit, dockerfileComments } from './comments';
import { DockerfileFile } from './file';
import { DOCKERFILE_RULES } from './rules/index';

/** `Dockerfile`, `Dockerfile.prod`, `api.Dockerfile`, `Containerfile`, in any case, as VS Code's Docker support names them. */
const DOCKERFILE_NAME = /^(?:dockerfile|containerfile)(?:\..+)?$|\.(?:dockerfile|containerfile)$/i;

export function isDockerfilePath(path: string): boolean {
  return DOCKERFILE_NAME.test(lastName(path));
}

/** Dockerfiles (§2.7, §2.8), parsed with dockerfile-ast. */
export const dockerfileModule = defineModule<DockerfileFile>({
  kind: 'dockerfile',
  matches: (path, languageId) => isDockerfilePath(path) || languageId === 'dockerfile',
  pathFor: (name) => `${name}.Dockerfile`,
  parse({ path, text }) {
    const file = new DockerfileFile(path, text);
    return { file, comments: dockerfileComments(file), dispose: () => undefined };
  },
  rules: DOCKERFILE_RULES,
  disableEdit: (text, line, rule) => disableEdit(new DockerfileFile('Dockerfile', text), line, rule),
});
